package dev.parley.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.FreePort;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestServers;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Parley on the configured server with its default, embedded archive: a room survives a graceful restart and a
 * {@code kill -9} with its epoch and numbering, a client that rejoins with {@code since} recovers exactly what it
 * missed, resends after the crash are shown once, a room longer than its window pages back to seq 1, edits,
 * deletions and reactions are kept with the room's change counter, and a user's read marker and unread count survive.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT {

    private static final int HISTORY_SIZE = 20;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.create(FreePort.pick(), Path.of("target/durability"), "restart",
                Map.of("PARLEY_ALLOW_MISSING_ORIGIN", "true", "PARLEY_HISTORY_SIZE", String.valueOf(HISTORY_SIZE),
                        "PARLEY_MESSAGES_PER_SECOND", "1000"));
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static URI chat() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/chat");
    }

    @Test
    @Order(1)
    void aRoomSurvivesARestartAndARejoinWithSinceRecovers() throws Exception {
        String epoch;
        try (WsClient ada = WsClient.connect(chat())) {
            epoch = join(ada, "restart", "ada", null, null).getString("epoch");
            for (int i = 1; i <= 3; i++) {
                post(ada, "restart", "before " + i, "b" + i);
            }
        }

        server.stop();
        server.start();

        try (WsClient ada = WsClient.connect(chat())) {
            JsonObject joined = join(ada, "restart", "ada", 1L, epoch);
            assertEquals(epoch, joined.getString("epoch"));
            assertTrue(joined.getBoolean("recovered"), joined::toString);
            assertEquals(3, joined.getInt("seq"));
            assertEquals(List.of(2L, 3L), seqs(joined.getJsonArray("history")));
            assertEquals(4, post(ada, "restart", "after", "a1").getInt("seq"));
            assertEquals(2, post(ada, "restart", "before 2", "b2").getInt("seq"), "a resend gets its original ack");
        }
    }

    @Test
    @Order(2)
    void aKillDuringSendingLosesNothingAckedAndChangesNothingSeen() throws Exception {
        String room = "crash";
        Map<String, String> texts = new LinkedHashMap<>();
        Set<String> acked = new LinkedHashSet<>();
        Map<Long, JsonObject> seen = new HashMap<>();
        String epoch;
        long lastSeen;
        try (WsClient sender = WsClient.connect(chat()); WsClient receiver = WsClient.connect(chat())) {
            epoch = join(sender, room, "sender", null, null).getString("epoch");
            join(receiver, room, "receiver", null, null);
            // Ten messages in flight at a time; the server dies once 150 are acked, with some not.
            int next = 1;
            while (acked.size() < 150) {
                while (next - acked.size() <= 10) {
                    String id = "m" + next;
                    texts.put(id, "message " + next);
                    sender.send(message(room, texts.get(id), id));
                    next++;
                }
                JsonObject frame = sender.next();
                if (frame.getString("type").equals("ack")) {
                    acked.add(frame.getString("id"));
                }
            }
            server.kill();
            lastSeen = drain(receiver, seen);
        }

        server.start();

        try (WsClient sender = WsClient.connect(chat())) {
            JsonObject joined = join(sender, room, "sender", lastSeen, epoch);
            assertEquals(epoch, joined.getString("epoch"), "the room goes on in its epoch");
            assertTrue(joined.getBoolean("recovered"), joined::toString);
            for (String id : texts.keySet()) {
                if (!acked.contains(id)) {
                    post(sender, room, texts.get(id), id);
                }
            }
            for (int i = 1; i <= 20; i++) {
                String id = "after" + i;
                texts.put(id, "after the crash " + i);
                post(sender, room, texts.get(id), id);
            }
            List<JsonObject> history = wholeHistory(sender, room);

            assertEquals(LongStream.rangeClosed(1, history.size()).boxed().toList(), seqsOf(history), "gapless");
            List<String> ids = history.stream().map(message -> message.getString("id")).toList();
            assertEquals(new LinkedHashSet<>(ids).size(), ids.size(), "every id once");
            assertEquals(texts.keySet(), Set.copyOf(ids), "every id sent is there");
            for (JsonObject message : history) {
                assertEquals(texts.get(message.getString("id")), message.getString("text"));
                JsonObject before = seen.get((long) message.getInt("seq"));
                if (before != null) {
                    assertEquals(before, message, "what the receiver saw before the crash is unchanged");
                }
            }
        }
    }

    @Test
    @Order(3)
    void aRoomLongerThanItsWindowPagesBackToSeqOne() throws Exception {
        try (WsClient ada = WsClient.connect(chat())) {
            join(ada, "long", "ada", null, null);
            for (int i = 1; i <= 3 * HISTORY_SIZE + 5; i++) {
                post(ada, "long", "line " + i, null);
            }
            List<JsonObject> history = wholeHistory(ada, "long");

            assertEquals(LongStream.rangeClosed(1, 3 * HISTORY_SIZE + 5).boxed().toList(), seqsOf(history));
            assertEquals("line 1", history.get(0).getString("text"));
        }
    }

    @Test
    @Order(4)
    void editsDeletionsAndReactionsSurviveARestartAndTheRevGoesOn() throws Exception {
        String room = "changes";
        try (WsClient ada = WsClient.connect(chat())) {
            join(ada, room, "ada", null, null);
            for (int i = 1; i <= 3; i++) {
                post(ada, room, "line " + i, "c" + i);
            }
            ada.send(change("edit", room, 1, "text", "line one"));
            ada.await(frame -> frame.getString("type").equals("edited"));
            ada.send(change("delete", room, 2, null, null));
            ada.await(frame -> frame.getString("type").equals("deleted"));
            ada.send(change("react", room, 3, "emoji", ":tada:"));
            ada.await(frame -> frame.getString("type").equals("reaction"));
        }

        server.stop();
        server.start();

        try (WsClient ada = WsClient.connect(chat())) {
            JsonObject joined = join(ada, room, "ada", null, null);
            assertEquals(3, joined.getInt("rev"), joined::toString);
            List<JsonObject> history = joined.getJsonArray("history").getValuesAs(JsonObject.class);
            assertEquals("line one", history.get(0).getString("text"));
            assertTrue(history.get(0).containsKey("editedAt"));
            assertTrue(history.get(1).getBoolean("deleted"));
            assertFalse(history.get(1).containsKey("text"));
            assertEquals("[\"ada\"]", history.get(2).getJsonObject("reactions").getJsonArray(":tada:").toString());
            assertEquals(1, post(ada, room, "line 1", "c1").getInt("seq"), "a resend after the restart: by subject");
            ada.send(change("edit", room, 3, "text", "line three"));
            assertEquals(4, ada.await(frame -> frame.getString("type").equals("edited")).getInt("rev"));
        }
    }

    private static String change(String type, String room, long seq, String field, String value) {
        var change = Json.createObjectBuilder().add("type", type).add("room", room).add("seq", seq);
        if (field != null) {
            change.add(field, value);
        }
        return change.build().toString();
    }

    @Test
    @Order(5)
    void aReadMarkerAndItsUnreadCountSurviveARestart() throws Exception {
        String room = "marks";
        try (WsClient ada = WsClient.connect(chat()); WsClient bob = WsClient.connect(chat())) {
            join(ada, room, "ada", null, null);
            join(bob, room, "bob", null, null);
            for (int i = 1; i <= 4; i++) {
                post(bob, room, "news " + i, null);
            }
            bob.send("{\"type\":\"delete\",\"room\":\"" + room + "\",\"seq\":3}");
            bob.await(frame -> frame.getString("type").equals("deleted"));
            ada.send("{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":2}");
            ada.send("{\"type\":\"ping\"}");
            ada.await(frame -> frame.getString("type").equals("pong")); // the read is applied
        }

        server.stop(); // a graceful stop writes the markers changed in the last second
        server.start();

        try (WsClient ada = WsClient.connect(chat())) {
            JsonObject joined = join(ada, room, "ada", null, null);
            assertEquals(2, joined.getInt("read"), joined::toString);
            assertEquals(1, joined.getInt("unread"), "4 only: 3 is deleted");
            ada.send("{\"type\":\"rooms\"}");
            JsonObject marks = ada.await(frame -> frame.getString("type").equals("rooms")).getJsonArray("rooms")
                    .stream().map(entry -> entry.asJsonObject()).filter(entry -> entry.getString("room").equals(room))
                    .findFirst().orElseThrow();
            assertEquals(1, marks.getInt("unread"));
        }
    }

    private static JsonObject join(WsClient client, String room, String name, Long since, String epoch)
            throws Exception {
        var join = Json.createObjectBuilder().add("type", "join").add("room", room).add("name", name);
        if (since != null) {
            join.add("since", since).add("epoch", epoch);
        }
        client.send(join.build().toString());
        return client.expect("joined");
    }

    private static String message(String room, String text, String id) {
        var message = Json.createObjectBuilder().add("type", "message").add("room", room).add("text", text);
        if (id != null) {
            message.add("id", id);
        }
        return message.build().toString();
    }

    /** Sends and returns the ack, skipping the echoes of earlier messages. */
    private static JsonObject post(WsClient client, String room, String text, String id) throws Exception {
        client.send(message(room, text, id));
        return client.await(frame -> frame.getString("type").equals("ack")
                || frame.getString("type").equals("error"));
    }

    /** The messages a receiver got before its connection died, by seq; answers the last seq. */
    private static long drain(WsClient receiver, Map<Long, JsonObject> seen) throws InterruptedException {
        long last = 0;
        JsonObject frame;
        while ((frame = receiver.pollFor(Duration.ofSeconds(2))) != null) {
            if (frame.getString("type").equals("message")) {
                long seq = frame.getInt("seq");
                assertEquals(last + 1, seq, "the receiver saw a gap before the crash");
                seen.put(seq, frame);
                last = seq;
            }
        }
        return last;
    }

    /** Every message of the room, paged back with {@code history} {@code before}, oldest first. */
    private static List<JsonObject> wholeHistory(WsClient client, String room) throws Exception {
        List<JsonObject> all = new ArrayList<>();
        Long before = null;
        while (true) {
            var ask = Json.createObjectBuilder().add("type", "history").add("room", room).add("limit", 7);
            if (before != null) {
                ask.add("before", before);
            }
            client.send(ask.build().toString());
            List<JsonObject> page = client.await(frame -> frame.getString("type").equals("history"))
                    .getJsonArray("messages").stream().map(JsonValue::asJsonObject).toList();
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(0, page);
            before = (long) page.get(0).getInt("seq");
        }
    }

    private static List<Long> seqs(jakarta.json.JsonArray messages) {
        return seqsOf(messages.stream().map(JsonValue::asJsonObject).toList());
    }

    private static List<Long> seqsOf(List<JsonObject> messages) {
        return messages.stream().map(message -> (long) message.getInt("seq")).toList();
    }
}
