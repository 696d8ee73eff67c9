package dev.parley.floor;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection: {@code welcome} on open, then {@code join} and {@code message}; any other frame, or one missing
 * what it needs, gets an {@code error} frame ({@code bad_request}, or {@code not_joined} for a message to a room the
 * connection has not joined). There are no limits, presence, history, leave or Origin check: see the package.
 */
public class FloorEndpoint extends Endpoint implements MessageHandler.Whole<String> {

    private static final Logger LOG = Logger.getLogger(FloorEndpoint.class.getName());

    private final Rooms rooms;
    private final Frames frames;
    /** The rooms this connection joined by name, left on close (which may run on another thread than its messages). */
    private final Map<String, Room> joined = new ConcurrentHashMap<>();
    private Member member;
    private String user;

    FloorEndpoint(Rooms rooms, Frames frames) {
        this.rooms = rooms;
        this.frames = frames;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.member = new Member(session);
        session.addMessageHandler(String.class, this);
        member.send(frames.welcome(session.getId()));
    }

    @Override
    public void onMessage(String text) {
        JsonObject frame = frames.read(text);
        String type = frame == null ? "" : frame.getString("type", "");
        switch (type) {
            case "join" -> join(frame);
            case "message" -> post(frame);
            default -> error("bad_request", frame == null ? "not a JSON object" : "unknown type '" + type + "'");
        }
    }

    private void join(JsonObject frame) {
        String room = frame.getString("room", "");
        String name = frame.getString("name", "");
        if (room.isEmpty()) {
            error("bad_request", "room is required");
            return;
        }
        if (user == null) {
            if (name.isBlank()) {
                error("bad_request", "name is required on the first join");
                return;
            }
            user = name;
        }
        Room joining = joined.computeIfAbsent(room, rooms::joinable);
        String as = user;
        joining.join(member, seq -> frames.joined(room, as, seq));
    }

    private void post(JsonObject frame) {
        String room = frame.getString("room", "");
        String text = frame.getString("text", "");
        String id = frame.getString("id", null);
        Room to = joined.get(room);
        if (to == null) {
            error("not_joined", "not in room '" + room + "'");
            return;
        }
        if (text.isEmpty()) {
            error("bad_request", "text is required");
            return;
        }
        String ts = Instant.now().toString();
        String from = user;
        to.publish(member, seq -> frames.ack(id, room, seq, ts),
                seq -> frames.message(room, seq, id, from, text, ts));
    }

    private void error(String code, String message) {
        member.send(frames.error(code, message));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        joined.values().forEach(room -> room.leave(member));
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.FINE, "session " + session.getId(), failure);
    }
}
