package dev.parley.api;

import dev.parley.application.ChatService;
import dev.parley.application.Transport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /api/connections}: how many connections this node has open, by transport. */
@Path("connections")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    @Inject
    ChatService chat;

    /** {@code {"total": 3, "transports": {"websocket": 2, "fallback": 1}}}, every transport listed. */
    @GET
    public String connections() {
        Map<Transport, Integer> counts = chat.connections();
        JsonObjectBuilder transports = Json.createObjectBuilder();
        counts.forEach((transport, open) -> transports.add(transport.wire(), open));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return Json.createObjectBuilder().add("total", total).add("transports", transports).build().toString();
    }
}
