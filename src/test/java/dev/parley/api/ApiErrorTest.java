package dev.parley.api;

import static dev.parley.api.RoomsResourceTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.application.ChatException;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.protocol.ErrorCode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** Refusals become a status and a JSON body {"code", "message"}, through either mapper. */
class ApiErrorTest {

    @Test
    void anApiErrorKeepsItsStatusAndCode() {
        Response response = new ApiErrorMapper().toResponse(new ApiError(413, "too_large", "too big"));

        assertEquals(413, response.getStatus());
        assertEquals("application/json", response.getMediaType().toString());
        assertEquals(json("{\"code\":\"too_large\",\"message\":\"too big\"}"), json((String) response.getEntity()));
    }

    @Test
    void aBadRequestUsesTheWebSocketCode() {
        ApiError error = ApiError.badRequest("room must be 1-64 characters");

        assertEquals(400, error.status());
        assertEquals("bad_request", error.code());
    }

    @Test
    void aRefusalOfTheChatsRulesIs400WithItsCode() {
        Response response = new ChatExceptionMapper().toResponse(
                new ChatException(ErrorCode.TOO_LARGE, "text is longer than 4000 characters", null));

        assertEquals(400, response.getStatus());
        assertEquals(json("{\"code\":\"too_large\",\"message\":\"text is longer than 4000 characters\"}"),
                json((String) response.getEntity()));
    }

    @Test
    void aStoreThatCannotAnswerIs503Unavailable() {
        Response response = new UnavailableMapper().toResponse(new BrokerUnavailableException(
                "archive (postgresql): read room lobby failed: connection refused", null));

        assertEquals(503, response.getStatus());
        assertEquals(json("{\"code\":\"unavailable\",\"message\":\"the chat cannot reach its store for a moment; "
                + "try again later\"}"), json((String) response.getEntity()));
    }
}
