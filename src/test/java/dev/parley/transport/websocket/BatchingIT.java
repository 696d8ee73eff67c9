package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.WsClient;
import dev.parley.transport.Outbox;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parley.batch subprotocol on Tyrus, with a write delay: frames queued for a connection within it leave in one
 * message. The delay is long enough that frames queued together (an ack and its echo, under one room lock) always share
 * a message, whatever the machine's load; nothing here asserts how long anything took.
 */
class BatchingIT {

    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of("parley.writeDelayMillis", "100",
                "parley.messageBurst", "100")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void framesQueuedTogetherArriveInOneMessageOnePerLine() throws Exception {
        try (WsClient ada = WsClient.joinedBatched(server.chatUri(), "batch-pair", "ada")) {
            ada.send("{\"type\":\"message\",\"room\":\"batch-pair\",\"id\":\"c1\",\"text\":\"two\\nlines\"}");

            JsonObject ack = ada.expect("ack");
            JsonObject echo = ada.expect("message");

            assertEquals(echo.getInt("seq"), ack.getInt("seq"));
            assertEquals("two\nlines", echo.getString("text"), "a newline in a text stays escaped inside its frame");
            List<String> texts = ada.texts();
            String last = texts.get(texts.size() - 1);
            assertEquals(2, last.split("\n").length, "the ack and its echo share a message: " + last);
            assertFalse(last.startsWith("\n") || last.endsWith("\n"), last);
        }
    }

    @Test
    void aBurstLargerThanTheCapComesInSeveralMessagesEachWithinIt() throws Exception {
        String big = "x".repeat(4000);
        try (WsClient ada = WsClient.joinedBatched(server.chatUri(), "batch-burst", "ada")) {
            for (int i = 0; i < 40; i++) {
                ada.send("{\"type\":\"message\",\"room\":\"batch-burst\",\"id\":\"m" + i + "\",\"text\":\"" + big
                        + "\"}");
            }
            for (int i = 0; i < 40; i++) {
                assertEquals("m" + i, ada.expect("ack").getString("id"));
                assertEquals(i + 1, ada.expect("message").getInt("seq"));
            }
            List<String> texts = ada.texts();
            for (String text : texts) {
                assertTrue(text.length() <= Outbox.BATCH_CHARS, "a message of " + text.length());
            }
            assertTrue(texts.size() >= 3, "80 frames of 4 KB need at least three messages: " + texts.size());
        }
    }

    @Test
    void batchedAndPlainMembersOfOneRoomGetTheSameFrames() throws Exception {
        try (WsClient ada = WsClient.joinedBatched(server.chatUri(), "batch-mixed", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "batch-mixed", "bob")) {
            ada.expect("presence");
            for (int i = 0; i < 20; i++) {
                bob.send("{\"type\":\"message\",\"room\":\"batch-mixed\",\"text\":\"n" + i + "\"}");
            }
            List<JsonObject> seenByAda = new ArrayList<>();
            List<JsonObject> seenByBob = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                seenByAda.add(ada.expect("message"));
                bob.expect("ack"); // a plain client parses each message as one frame: a batch would not parse
                seenByBob.add(bob.expect("message"));
            }
            assertEquals(seenByBob, seenByAda);
            for (int i = 0; i < 20; i++) {
                assertEquals(i + 1, seenByAda.get(i).getInt("seq"));
            }
            ada.expectNothingElse();
            bob.expectNothingElse();
        }
    }

}
