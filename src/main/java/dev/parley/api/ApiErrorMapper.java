package dev.parley.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers an {@link ApiError} with its status and JSON body. */
@Provider
public class ApiErrorMapper implements ExceptionMapper<ApiError> {

    @Override
    public Response toResponse(ApiError error) {
        return error.toResponse();
    }
}
