package dev.parley.api;

import dev.parley.application.ChatException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** What the chat's rules refuse (an empty or too long text) is the client's mistake: 400 with the rule's code. */
@Provider
public class ChatExceptionMapper implements ExceptionMapper<ChatException> {

    @Override
    public Response toResponse(ChatException refused) {
        return new ApiError(400, refused.code().wire(), refused.getMessage()).toResponse();
    }
}
