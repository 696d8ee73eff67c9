package dev.parley.api;

import dev.parley.broker.BrokerUnavailableException;
import dev.parley.protocol.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A read the chat's store could not answer in time (Redis, or the archive for an old page): 503 {@code unavailable},
 * the same request may be made again later.
 */
@Provider
public class UnavailableMapper implements ExceptionMapper<BrokerUnavailableException> {

    @Override
    public Response toResponse(BrokerUnavailableException e) {
        return new ApiError(503, ErrorCode.UNAVAILABLE.wire(),
                "the chat cannot reach its store for a moment; try again later").toResponse();
    }
}
