package dev.parley.transport.sse;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A refused fallback request: its status and a JSON body {@code {"code", "message"}}, as the HTTP API answers.
 *
 * @param code a protocol error code where one fits ({@code bad_request}, {@code too_large}), else the transport's own
 *             ({@code forbidden}, {@code stream_gone})
 */
record Refusal(int status, String code, String message) {

    static final Refusal FOREIGN_ORIGIN = new Refusal(403, "forbidden", "this page's origin may not use Parley");

    /** Answers with this refusal; returns its status. */
    int send(HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.createObjectBuilder().add("code", code).add("message", message).build()
                .toString());
        return status;
    }
}
