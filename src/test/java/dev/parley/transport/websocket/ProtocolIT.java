package dev.parley.transport.websocket;

import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Handshake;
import dev.parley.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every row of the protocol over real connections: on the real endpoint on Tyrus in this JVM, and in the black-box run
 * on the built WAR on each server ({@link ParleyTarget}). Tests with a fixed room name have it to themselves; the
 * others take a fresh room each.
 */
@Tag(ParleyTarget.TAG)
class ProtocolIT {

    @RegisterExtension
    static final ParleyTarget parley = ParleyTarget.defaults();

    private String room;

    @BeforeEach
    void newRoom() {
        room = "r-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void welcomeComesFirstWithSessionAndLimits() throws Exception {
        try (WsClient client = WsClient.connectRaw(parley.chat())) {
            JsonObject welcome = client.expect("welcome");
            assertFalse(welcome.getString("session").isBlank());
            JsonObject limits = welcome.getJsonObject("limits");
            assertEquals(4000, limits.getInt("maxTextChars"));
            assertEquals(65536, limits.getInt("maxFrameBytes"));
            assertEquals(20, limits.getInt("messagesPerSecond"));
        }
    }

    @Test
    void everyConnectionHasItsOwnSession() throws Exception {
        try (WsClient a = WsClient.connectRaw(parley.chat()); WsClient b = WsClient.connectRaw(parley.chat())) {
            assertFalse(a.expect("welcome").getString("session").equals(b.expect("welcome").getString("session")));
        }
    }

    @Test
    void joinAnswersJoinedAndAnnouncesPresenceToOthers() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "join-room", "ada");
             WsClient bob = WsClient.connect(parley.chat())) {
            bob.send("{\"type\":\"join\",\"room\":\"join-room\",\"name\":\"bob\"}");
            JsonObject joined = bob.expect("joined");
            assertEquals("join-room", joined.getString("room"));
            assertEquals("bob", joined.getString("user"));
            assertEquals(List.of("ada", "bob"), names(joined));
            assertEquals(0, joined.getInt("seq"));
            assertTrue(joined.getJsonArray("history").isEmpty());
            assertFalse(joined.getBoolean("recovered"));

            JsonObject presence = ada.expect("presence");
            assertEquals("join-room", presence.getString("room"));
            assertEquals("join", presence.getString("event"));
            assertEquals("bob", presence.getString("user"));
            assertEquals(2, presence.getInt("members"));
            bob.expectNothingElse();
        }
    }

    @Test
    void leaveAnswersLeftAndAnnouncesPresenceToOthers() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "leave-room", "ada");
             WsClient bob = WsClient.joined(parley.chat(), "leave-room", "bob")) {
            ada.expect("presence");
            bob.send("{\"type\":\"leave\",\"room\":\"leave-room\"}");
            assertEquals("leave-room", bob.expect("left").getString("room"));

            JsonObject presence = ada.expect("presence");
            assertEquals("leave", presence.getString("event"));
            assertEquals("bob", presence.getString("user"));
            assertEquals(1, presence.getInt("members"));

            bob.send("{\"type\":\"message\",\"room\":\"leave-room\",\"text\":\"still here?\"}");
            assertError(bob.next(), "not_joined");
        }
    }

    @Test
    void messageIsAckedAndBroadcastToEveryMemberWithTheBoundName() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "msg-room", "ada");
             WsClient bob = WsClient.joined(parley.chat(), "msg-room", "bob")) {
            ada.expect("presence");
            ada.send("{\"type\":\"message\",\"room\":\"msg-room\",\"text\":\"hello\",\"id\":\"c-1\","
                    + "\"user\":\"mallory\"}");

            JsonObject ack = ada.expect("ack");
            assertEquals("c-1", ack.getString("id"));
            assertEquals("msg-room", ack.getString("room"));
            assertEquals(1, ack.getInt("seq"));
            for (WsClient member : List.of(ada, bob)) {
                JsonObject message = member.expect("message");
                assertEquals("msg-room", message.getString("room"));
                assertEquals(1, message.getInt("seq"));
                assertEquals("c-1", message.getString("id"));
                assertEquals("ada", message.getString("user"), "the bound name, never the frame's user field");
                assertEquals("hello", message.getString("text"));
                assertEquals(ack.getString("ts"), message.getString("ts"));
                assertTrue(message.getString("ts").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            }
        }
    }

    @Test
    void messageWithoutIdHasNoIdInAckOrBroadcast() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "noid-room", "ada")) {
            ada.send("{\"type\":\"message\",\"room\":\"noid-room\",\"text\":\"hi\"}");
            assertFalse(ada.expect("ack").containsKey("id"));
            assertFalse(ada.expect("message").containsKey("id"));
        }
    }

    @Test
    void typingGoesToOthersButNeverToTheSender() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "typing-room", "ada");
             WsClient bob = WsClient.joined(parley.chat(), "typing-room", "bob")) {
            ada.expect("presence");
            ada.send("{\"type\":\"typing\",\"room\":\"typing-room\"}");
            JsonObject typing = bob.expect("typing");
            assertEquals("typing-room", typing.getString("room"));
            assertEquals("ada", typing.getString("user"));
            ada.expectNothingElse();
        }
    }

    @Test
    void historyPagesBackwardsWithBeforeAndLimit() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "history-room", "ada")) {
            for (int i = 1; i <= 5; i++) {
                ada.send("{\"type\":\"message\",\"room\":\"history-room\",\"text\":\"m" + i + "\"}");
                ada.expect("ack");
                ada.expect("message");
            }
            ada.send("{\"type\":\"history\",\"room\":\"history-room\",\"before\":4,\"limit\":2}");
            JsonObject history = ada.expect("history");
            assertEquals("history-room", history.getString("room"));
            assertEquals(List.of(2, 3), seqs(history.getJsonArray("messages")));
            JsonObject first = history.getJsonArray("messages").getJsonObject(0);
            assertEquals("message", first.getString("type"));
            assertEquals("m2", first.getString("text"));

            ada.send("{\"type\":\"history\",\"room\":\"history-room\"}");
            assertEquals(List.of(1, 2, 3, 4, 5), seqs(ada.expect("history").getJsonArray("messages")));
        }
    }

    @Test
    void joinShowsTheLatestHistory() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "late-room", "ada")) {
            ada.send("{\"type\":\"message\",\"room\":\"late-room\",\"text\":\"before you came\"}");
            ada.expect("ack");
            ada.expect("message");
            try (WsClient bob = WsClient.connect(parley.chat())) {
                bob.send("{\"type\":\"join\",\"room\":\"late-room\",\"name\":\"bob\"}");
                JsonObject joined = bob.expect("joined");
                assertEquals(1, joined.getInt("seq"));
                assertEquals("before you came",
                        joined.getJsonArray("history").getJsonObject(0).getString("text"));
            }
        }
    }

    @Test
    void pingAnswersPong() throws Exception {
        try (WsClient client = WsClient.connect(parley.chat())) {
            client.send("{\"type\":\"ping\"}");
            client.expect("pong");
        }
    }

    @Test
    void roomsAreIndependent() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), "room-a", "ada")) {
            ada.send("{\"type\":\"join\",\"room\":\"room-b\"}");
            ada.expect("joined");
            ada.send("{\"type\":\"message\",\"room\":\"room-a\",\"text\":\"a\"}");
            ada.send("{\"type\":\"message\",\"room\":\"room-b\",\"text\":\"b\"}");
            assertEquals(1, ada.expect("ack").getInt("seq"));
            assertEquals("room-a", ada.expect("message").getString("room"));
            assertEquals(1, ada.expect("ack").getInt("seq"));
            assertEquals("room-b", ada.expect("message").getString("room"));
        }
    }

    @Test
    void pageIsServedAtTheContextRoot() throws Exception {
        parley.assumeDeployed("Tyrus in this JVM serves the endpoint, not the WAR's page");
        URI page = parley.page();
        HttpResponse<String> response = WsClient.HTTP.send(
                HttpRequest.newBuilder(page).timeout(WsClient.NETWORK_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<title>Parley</title>"), "index.html expected at " + page);
    }

    @Test
    void joinAnswersJoinedAndPresenceGoesToTheOthers() throws Exception {
        try (WsClient ada = WsClient.connect(parley.chat()); WsClient bob = WsClient.connect(parley.chat())) {
            ada.send(join("ada"));
            JsonObject joined = ada.expect("joined");
            assertEquals(room, joined.getString("room"));
            assertEquals("ada", joined.getString("user"));
            assertEquals(List.of("ada"), strings(joined.getJsonArray("members")));
            assertEquals(0, joined.getInt("seq"));
            assertTrue(joined.getJsonArray("history").isEmpty());
            assertFalse(joined.getBoolean("recovered"));

            bob.send(join("bob"));
            assertEquals(List.of("ada", "bob"), strings(bob.expect("joined").getJsonArray("members")));
            JsonObject presence = ada.expect("presence");
            assertEquals("join", presence.getString("event"));
            assertEquals("bob", presence.getString("user"));
            assertEquals(2, presence.getInt("members"));

            bob.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
            bob.expect("left");
            JsonObject left = ada.expect("presence");
            assertEquals("leave", left.getString("event"));
            assertEquals(1, left.getInt("members"));
            bob.expectNothingElse();
        }
    }

    @Test
    void concurrentSendersGetAcksAndEveryMemberSeesOneGaplessOrder() throws Exception {
        int senders = 3;
        int perSender = 30; // within the default burst (40), so the rate limit never answers
        List<WsClient> clients = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(senders);
        try {
            for (int i = 0; i < senders + 2; i++) {
                // every other member takes several frames per message (parley.batch): the same order is owed to it
                clients.add(i % 2 == 0 ? WsClient.joined(parley.chat(), room, "member" + i)
                        : WsClient.joinedBatched(parley.chat(), room, "member" + i));
            }
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                WsClient sender = clients.get(s);
                int from = s;
                sending.add(threads.submit(() -> {
                    for (int n = 0; n < perSender; n++) {
                        sender.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"id\":\"m" + from + "-" + n
                                + "\",\"text\":\"" + from + ":" + n + "\"}");
                    }
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get(WsClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }

            int total = senders * perSender;
            OneOrder order = new OneOrder();
            for (int c = 0; c < clients.size(); c++) {
                List<JsonObject> acks = new ArrayList<>();
                List<JsonObject> messages = new ArrayList<>();
                int expectedAcks = c < senders ? perSender : 0;
                while (acks.size() < expectedAcks || messages.size() < total) {
                    JsonObject frame = clients.get(c).next();
                    switch (frame.getString("type")) {
                        case "ack" -> acks.add(frame);
                        case "message" -> messages.add(frame);
                        default -> { } // presence of members who joined later
                    }
                }
                for (int n = 0; n < acks.size(); n++) {
                    assertEquals("m" + c + "-" + n, acks.get(n).getString("id"), "acks in send order");
                }
                order.see(messages);
            }
        } finally {
            threads.shutdownNow();
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void reconnectWithSinceRecoversExactlyWhatWasMissed() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), room, "ada")) {
            long lastSeen;
            try (WsClient bob = WsClient.joined(parley.chat(), room, "bob")) {
                ada.expect("presence");
                for (int i = 1; i <= 3; i++) {
                    ada.send(message("before " + i));
                }
                lastSeen = 0;
                for (int i = 1; i <= 3; i++) {
                    lastSeen = bob.expect("message").getInt("seq");
                }
                assertEquals(3, lastSeen);
            }
            ada.await(f -> f.getString("type").equals("presence") && f.getString("event").equals("leave"));
            ada.send(message("missed 1"));
            ada.send(message("missed 2"));
            ada.await(f -> f.getString("type").equals("ack") && f.getInt("seq") == 5); // both are in the history

            try (WsClient bob = WsClient.connect(parley.chat())) {
                bob.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"bob\",\"since\":" + lastSeen + "}");
                JsonObject joined = bob.expect("joined");
                assertTrue(joined.getBoolean("recovered"));
                assertEquals(5, joined.getInt("seq"));
                JsonArray history = joined.getJsonArray("history");
                assertEquals(List.of("missed 1", "missed 2"),
                        history.getValuesAs(JsonObject.class).stream().map(m -> m.getString("text")).toList());
                assertEquals(4, history.getJsonObject(0).getInt("seq"));
            }
        }
    }

    @Test
    void badFramesGetErrorsAndTheConnectionStaysUsable() throws Exception {
        try (WsClient client = WsClient.connect(parley.chat())) {
            client.send("this is not JSON");
            assertError(client.next(), "bad_request");

            client.send("{\"type\":\"shout\"}");
            JsonObject unknown = client.next();
            assertError(unknown, "bad_request");
            assertEquals("shout", unknown.getString("ref"));

            client.send("{\"type\":\"join\",\"room\":\"no spaces allowed\",\"name\":\"ada\"}");
            assertError(client.next(), "bad_request");

            client.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"hi\"}");
            assertError(client.next(), "not_joined");

            client.expectNothingElse();
            client.send(join("ada"));
            assertEquals(room, client.expect("joined").getString("room"));
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        try (WsClient client = WsClient.connect(parley.chat())) {
            String tooBig = "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + "x".repeat(65536) + "\"}";
            try {
                client.send(tooBig);
            } catch (Exception closedWhileSending) {
                // The server may close before the whole frame is written; the close code is what counts.
            }
            assertEquals(1009, client.awaitCloseCode());
        }
    }

    /** Parley's own origin check (the containers' default accepts every origin). */
    @Test
    void aForeignOriginIsRefusedAndThePagesOwnIsAccepted() throws Exception {
        URI chat = parley.chat();
        String own = Handshake.status(chat, "http://127.0.0.1:" + chat.getPort());
        assertTrue(Handshake.accepted(own), own);
        for (String foreign : List.of("http://evil.example", "http://127.0.0.1:" + chat.getPort() + ".evil.example",
                "http://127.0.0.1:" + (chat.getPort() + 1), "null")) {
            String status = Handshake.status(chat, foreign);
            assertFalse(Handshake.accepted(status), foreign + " was accepted: " + status);
        }
        String none = Handshake.status(chat, null);
        assertFalse(Handshake.accepted(none), "no Origin was accepted: " + none);
        try (WsClient client = WsClient.connect(parley.chat())) {
            client.expectNothingElse();
        }
    }

    @Test
    void aClientOfferingParleyBatchGetsItAndOthersGetNoSubprotocol() throws Exception {
        try (WsClient batched = WsClient.connectBatched(parley.chat());
             WsClient plain = WsClient.connect(parley.chat())) {
            assertEquals(WsClient.BATCH, batched.subprotocol());
            assertEquals("", plain.subprotocol());
        }
        String origin = "http://127.0.0.1:" + parley.chat().getPort();
        assertEquals(WsClient.BATCH, Handshake.subprotocol(parley.chat(), origin, "chat, parley.batch"));
        assertEquals(null, Handshake.subprotocol(parley.chat(), origin, "chat"));
        assertEquals(null, Handshake.subprotocol(parley.chat(), origin, null));
    }

    /**
     * An ack and its echo are queued under one room lock before anything is sent, so with parley.batch they share a
     * message; a send still in flight that completes between the two (rare) splits them, hence a few tries.
     */
    @Test
    void aBatchedClientGetsFramesQueuedTogetherInOneMessageAndSplitsThem() throws Exception {
        try (WsClient ada = WsClient.joinedBatched(parley.chat(), room, "ada")) {
            boolean shared = false;
            for (int i = 0; i < 5 && !shared; i++) {
                ada.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"id\":\"c" + i
                        + "\",\"text\":\"line one\\nline two\"}");
                JsonObject ack = ada.expect("ack");
                JsonObject echo = ada.expect("message");
                assertEquals("c" + i, ack.getString("id"));
                assertEquals(ack.getInt("seq"), echo.getInt("seq"));
                assertEquals("line one\nline two", echo.getString("text"));
                List<String> texts = ada.texts();
                shared = texts.get(texts.size() - 1).split("\n").length == 2;
            }
            assertTrue(shared, "no ack shared a message with its echo: " + ada.texts());
            ada.expectNothingElse();
        }
    }

    @Test
    void noCompressionIsNegotiated() throws Exception {
        String response = Handshake.response(parley.chat(), "http://127.0.0.1:" + parley.chat().getPort(),
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");

        assertTrue(Handshake.accepted(response), response);
        assertFalse(response.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"), response);
    }

    private String join(String name) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}";
    }

    private String message(String text) {
        return "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}";
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonValue.class).stream().map(v -> ((JsonString) v).getString()).toList();
    }

    static List<String> names(JsonObject joined) {
        return joined.getJsonArray("members").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).collect(Collectors.toList());
    }

    static List<Integer> seqs(JsonArray messages) {
        return messages.getValuesAs(JsonObject.class).stream().map(m -> m.getInt("seq")).collect(Collectors.toList());
    }
}
