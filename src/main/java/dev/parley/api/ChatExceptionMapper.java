package dev.parley.api;

import dev.parley.application.ChatException;
import dev.parley.protocol.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What the chat's rules refuse (an empty or too long text) is the client's mistake: 400 with the rule's code. A chat
 * that cannot reach its shared store answers 503 {@code unavailable}: the same request may be made again later.
 */
@Provider
public class ChatExceptionMapper implements ExceptionMapper<ChatException> {

    @Override
    public Response toResponse(ChatException refused) {
        int status = refused.code() == ErrorCode.UNAVAILABLE ? 503 : 400;
        return new ApiError(status, refused.code().wire(), refused.getMessage()).toResponse();
    }
}
