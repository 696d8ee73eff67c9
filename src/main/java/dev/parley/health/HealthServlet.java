package dev.parley.health;

import dev.parley.archive.ArchiveStatus;
import dev.parley.broker.BrokerStatus;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health}: {@code {"status":"UP","live":true,"ready":true,"broker":{"type","up","detail"},
 * "archive":{"type","up","detail","lag"}}} with 200 when ready, {@code "DOWN"} and {@code ready:false} with 503
 * otherwise.
 * {@code lag} ({@code {"messages","seconds"}}) only on a cluster node, whose archive is written behind Redis.
 * Live whenever it answers at all. The broker and the archive are left out before the application has started.
 */
@WebServlet("/health")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Readiness readiness;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean ready = readiness.isReady();
        response.setStatus(ready ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("status", ready ? "UP" : "DOWN").add("live", true).add("ready", ready);
        BrokerStatus broker = readiness.broker();
        if (broker != null) {
            body.add("broker", Json.createObjectBuilder().add("type", broker.type()).add("up", broker.up())
                    .add("detail", broker.detail()));
        }
        ArchiveStatus archive = readiness.archive();
        if (archive != null) {
            JsonObjectBuilder state = Json.createObjectBuilder().add("type", archive.type()).add("up", archive.up())
                    .add("detail", archive.detail());
            if (archive.lag() != null) {
                state.add("lag", Json.createObjectBuilder().add("messages", archive.lag().messages())
                        .add("seconds", archive.lag().seconds()));
            }
            body.add("archive", state);
        }
        response.getWriter().write(body.build().toString());
    }
}
