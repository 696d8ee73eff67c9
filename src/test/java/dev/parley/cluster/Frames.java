package dev.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The frames the cluster tests send, and the ones they wait for, over {@link WsClient}. */
final class Frames {

    private Frames() {
    }

    /** Connects to {@code chat}, joins {@code room} as {@code name} and answers the {@code joined} frame. */
    static Joined connect(URI chat, String room, String name) throws Exception {
        return connect(chat, room, name, null, null);
    }

    /** Connects and joins with {@code since} and {@code epoch} (either may be null). */
    static Joined connect(URI chat, String room, String name, Long since, String epoch) throws Exception {
        WsClient client = WsClient.connect(chat);
        try {
            return new Joined(client, join(client, room, name, since, epoch));
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    /** A connected client with the {@code joined} frame it got. */
    record Joined(WsClient client, JsonObject joined) implements AutoCloseable {
        long seq() {
            return joined.getJsonNumber("seq").longValue();
        }

        String epoch() {
            return joined.getString("epoch");
        }

        @Override
        public void close() {
            client.close();
        }
    }

    static JsonObject join(WsClient client, String room, String name, Long since, String epoch) throws Exception {
        JsonObjectBuilder join = Json.createObjectBuilder().add("type", "join").add("room", room).add("name", name);
        if (since != null) {
            join.add("since", since);
        }
        if (epoch != null) {
            join.add("epoch", epoch);
        }
        client.send(join.build().toString());
        return client.await(frame -> frame.getString("type").equals("joined") && frame.getString("room").equals(room));
    }

    static void send(WsClient client, String room, String text, String id) throws Exception {
        JsonObjectBuilder message = Json.createObjectBuilder().add("type", "message").add("room", room)
                .add("text", text);
        if (id != null) {
            message.add("id", id);
        }
        client.send(message.build().toString());
    }

    /** Sends a message with a client id and answers its {@code ack} (skipping anything before it). */
    static JsonObject post(WsClient client, String room, String text, String id) throws Exception {
        send(client, room, text, id);
        return client.await(frame -> frame.getString("type").equals("ack") && frame.getString("id").equals(id));
    }

    /** The next {@code count} {@code message} frames of {@code room}, skipping every other frame. */
    static List<JsonObject> messages(WsClient client, String room, int count) throws Exception {
        List<JsonObject> messages = new ArrayList<>(count);
        while (messages.size() < count) {
            messages.add(client.await(frame -> frame.getString("type").equals("message")
                    && frame.getString("room").equals(room)));
        }
        return messages;
    }

    /** The next frame of one of the given types in {@code room}, skipping the others. */
    static JsonObject next(WsClient client, String room, String... types) throws Exception {
        List<String> wanted = List.of(types);
        return client.await(frame -> wanted.contains(frame.getString("type"))
                && room.equals(frame.getString("room", null)));
    }

    static long seq(JsonObject frame) {
        return frame.getJsonNumber("seq").longValue();
    }

    /** Asserts a {@code presence} frame. */
    static void assertPresence(JsonObject frame, String event, String user, int members) {
        assertEquals("presence", frame.getString("type"), () -> "expected presence, got " + frame);
        assertEquals(event, frame.getString("event"), () -> "wrong event in " + frame);
        assertEquals(user, frame.getString("user"), () -> "wrong user in " + frame);
        assertEquals(members, frame.getInt("members"), () -> "wrong member count in " + frame);
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
