package dev.parley.transport.websocket;

import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bad input of the protocol's table gets its answer, and the connection stays open and usable after it. */
class BadInputIT {

    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of(
                "parley.maxTextChars", "100", "parley.maxFrameBytes", "4096",
                "parley.messagesPerSecond", "2", "parley.messageBurst", "3")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json                                                    | bad_request |",
        "``                                                          | bad_request |",
        "[1,2]                                                       | bad_request |",
        "`\"join\"`                                                  | bad_request |",
        "{}                                                          | bad_request |",
        "{\"type\":7}                                                | bad_request |",
        "{\"type\":\"shout\"}                                        | bad_request | shout",
        "{\"type\":\"join\",\"room\":\"bad room\",\"name\":\"x\"}    | bad_request | join",
        "{\"type\":\"join\",\"room\":\"r\",\"name\":\"\"}   | bad_request | join",
        "{\"type\":\"join\",\"room\":5,\"name\":\"x\"}               | bad_request | join",
        "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"a\\nb\"}      | bad_request | join",
        "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"x\",\"since\":-1}   | bad_request | join",
        "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"x\",\"since\":\"3\"} | bad_request | join",
        "{\"type\":\"join\",\"room\":\"ok\"}                         | bad_request | join",
        "{\"type\":\"message\",\"room\":\"elsewhere\",\"text\":\"hi\",\"id\":\"m9\"} | not_joined | m9",
        "{\"type\":\"typing\",\"room\":\"elsewhere\"}                | not_joined  | typing",
        "{\"type\":\"history\",\"room\":\"elsewhere\"}               | not_joined  | history",
        "{\"type\":\"leave\",\"room\":\"elsewhere\"}                 | not_joined  | leave",
    })
    void badFrameGetsAnErrorAndTheConnectionStaysUsable(String frame, String code, String ref) throws Exception {
        try (WsClient client = WsClient.connect(server.chatUri())) {
            client.send(frame);
            JsonObject error = client.next();
            assertError(error, code);
            if (ref == null) {
                assertFalse(error.containsKey("ref"), () -> "no ref expected in " + error);
            } else {
                assertEquals(ref, error.getString("ref"));
            }
            assertStillUsable(client);
        }
    }

    @Test
    void badFramesAfterJoiningAreAnsweredInTheRoom() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "bad-room", "ada")) {
            ada.send("{\"type\":\"message\",\"room\":\"bad-room\",\"text\":\"\",\"id\":\"e1\"}");
            assertEquals("e1", errorWithCode(ada, "bad_request").getString("ref"));
            ada.send("{\"type\":\"message\",\"room\":\"bad-room\",\"text\":\"" + "x".repeat(101) + "\",\"id\":\"e2\"}");
            assertEquals("e2", errorWithCode(ada, "too_large").getString("ref"));
            ada.send("{\"type\":\"message\",\"room\":\"bad-room\",\"text\":\"" + "x".repeat(100) + "\"}");
            ada.expect("ack");
            ada.expect("message");
            ada.send("{\"type\":\"join\",\"room\":\"bad-room\",\"name\":\"eve\"}");
            errorWithCode(ada, "bad_request");
            ada.send("{\"type\":\"history\",\"room\":\"bad-room\",\"limit\":201}");
            errorWithCode(ada, "bad_request");
            ada.expectNothingElse();
        }
    }

    @Test
    void floodingPastTheRateLimitIsRefusedAndNotBroadcast() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "flood-room", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "flood-room", "bob")) {
            ada.expect("presence");
            int sent = 10;
            for (int i = 1; i <= sent; i++) {
                ada.send("{\"type\":\"message\",\"room\":\"flood-room\",\"text\":\"spam\",\"id\":\"s" + i + "\"}");
            }
            int acked = 0;
            int limited = 0;
            for (int i = 0; i < sent; i++) {
                JsonObject frame = ada.await(f -> !f.getString("type").equals("message"));
                if (frame.getString("type").equals("ack")) {
                    acked++;
                } else {
                    assertError(frame, "rate_limited");
                    limited++;
                }
            }
            // the burst of 3 passes; at 2 a second, refusing none of 10 would take 3.5 s of sending
            assertTrue(acked >= 3, "acked " + acked);
            assertTrue(limited >= 1, "limited " + limited);
            for (int seq = 1; seq <= acked; seq++) {
                assertEquals(seq, bob.expect("message").getInt("seq"));
            }
            bob.expectNothingElse();
        }
    }

    /**
     * Found by EndpointFuzzIT: a JSON escape of a lone surrogate (here \\ud83d) in a text, name or id went into
     * frames the server could not encode as UTF-8, and the connections they were sent to stopped receiving anything.
     */
    @Test
    void unpairedSurrogatesAreRefusedAndEveryoneKeepsReceiving() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "surrogate-room", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "surrogate-room", "bob")) {
            ada.expect("presence");
            ada.send("{\"type\":\"message\",\"room\":\"surrogate-room\",\"text\":\"a\\ud83d\",\"id\":\"s1\"}");
            assertEquals("s1", errorWithCode(ada, "bad_request").getString("ref"));
            ada.send("{\"type\":\"message\",\"room\":\"elsewhere\",\"text\":\"hi\",\"id\":\"\\udc00\"}");
            assertEquals("?", errorWithCode(ada, "bad_request").getString("ref"));
            ada.send("{\"type\":\"\\ud800\"}");
            assertEquals("?", errorWithCode(ada, "bad_request").getString("ref"));
            try (WsClient eve = WsClient.connect(server.chatUri())) {
                eve.send("{\"type\":\"join\",\"room\":\"surrogate-room\",\"name\":\"e\\udfffve\"}");
                errorWithCode(eve, "bad_request");
                eve.expectNothingElse();
            }
            ada.expectNothingElse();
            bob.expectNothingElse();
        }
    }

    @Test
    void frameOverMaxFrameBytesClosesWith1009() throws Exception {
        try (WsClient client = WsClient.connect(server.chatUri());
             WsClient other = WsClient.connect(server.chatUri())) {
            client.sendExpectingClose("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(4096) + "\"}");
            CloseReason reason = client.awaitClose();
            assertEquals(CloseReason.CloseCodes.TOO_BIG.getCode(), reason.getCloseCode().getCode());
            assertStillUsable(other);
        }
    }

    @Test
    void multiByteFrameIsMeasuredInBytes() throws Exception {
        try (WsClient client = WsClient.connect(server.chatUri())) {
            // 1400 three-byte characters: 1400 chars but 4200 bytes, over the 4096-byte limit
            client.sendExpectingClose("{\"type\":\"ping\",\"pad\":\"" + "€".repeat(1400) + "\"}");
            assertEquals(1009, client.awaitClose().getCloseCode().getCode());
        }
    }

    private static JsonObject errorWithCode(WsClient client, String code) throws InterruptedException {
        JsonObject error = client.next();
        assertError(error, code);
        return error;
    }

    private static void assertStillUsable(WsClient client) throws Exception {
        client.send("{\"type\":\"ping\"}");
        client.expect("pong");
    }
}
