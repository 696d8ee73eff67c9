package dev.parley.api;

import dev.parley.protocol.ErrorCode;
import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A refused API request: its HTTP status and the JSON body {@code {"code", "message"}}, whose codes are the
 * WebSocket {@link ErrorCode} names where one fits.
 */
public class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.status = status;
        this.code = code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, ErrorCode.BAD_REQUEST.wire(), message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The response that tells the client, as JSON. */
    public Response toResponse() {
        String body = Json.createObjectBuilder().add("code", code).add("message", getMessage()).build().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
