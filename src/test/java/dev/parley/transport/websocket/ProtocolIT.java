package dev.parley.transport.websocket;

import dev.parley.testing.WsClient;
import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row of the protocol, over a real connection to the real endpoint on Tyrus. */
class ProtocolIT {

    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void welcomeComesFirstWithSessionAndLimits() throws Exception {
        try (WsClient client = WsClient.connectRaw(server.chatUri())) {
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
        try (WsClient a = WsClient.connectRaw(server.chatUri()); WsClient b = WsClient.connectRaw(server.chatUri())) {
            assertFalse(a.expect("welcome").getString("session").equals(b.expect("welcome").getString("session")));
        }
    }

    @Test
    void joinAnswersJoinedAndAnnouncesPresenceToOthers() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "join-room", "ada");
             WsClient bob = WsClient.connect(server.chatUri())) {
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
        try (WsClient ada = WsClient.joined(server.chatUri(), "leave-room", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "leave-room", "bob")) {
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
        try (WsClient ada = WsClient.joined(server.chatUri(), "msg-room", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "msg-room", "bob")) {
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
        try (WsClient ada = WsClient.joined(server.chatUri(), "noid-room", "ada")) {
            ada.send("{\"type\":\"message\",\"room\":\"noid-room\",\"text\":\"hi\"}");
            assertFalse(ada.expect("ack").containsKey("id"));
            assertFalse(ada.expect("message").containsKey("id"));
        }
    }

    @Test
    void typingGoesToOthersButNeverToTheSender() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "typing-room", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "typing-room", "bob")) {
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
        try (WsClient ada = WsClient.joined(server.chatUri(), "history-room", "ada")) {
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
        try (WsClient ada = WsClient.joined(server.chatUri(), "late-room", "ada")) {
            ada.send("{\"type\":\"message\",\"room\":\"late-room\",\"text\":\"before you came\"}");
            ada.expect("ack");
            ada.expect("message");
            try (WsClient bob = WsClient.connect(server.chatUri())) {
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
        try (WsClient client = WsClient.connect(server.chatUri())) {
            client.send("{\"type\":\"ping\"}");
            client.expect("pong");
        }
    }

    @Test
    void roomsAreIndependent() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "room-a", "ada")) {
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

    static List<String> names(JsonObject joined) {
        return joined.getJsonArray("members").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).collect(Collectors.toList());
    }

    static List<Integer> seqs(jakarta.json.JsonArray messages) {
        return messages.getValuesAs(JsonObject.class).stream().map(m -> m.getInt("seq")).collect(Collectors.toList());
    }
}
