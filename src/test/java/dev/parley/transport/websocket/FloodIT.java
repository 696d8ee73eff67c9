package dev.parley.transport.websocket;

import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A client that keeps sending past the rate limit is closed with 1008; the room goes on. */
class FloodIT {

    @Test
    void aFloodIsClosedWith1008AndTheOthersSeeOnlyWhatWasAllowed() throws Exception {
        try (ParleyServer server = ParleyServer.start();
             WsClient bob = WsClient.joined(server.chatUri(), "flood", "bob");
             WsClient flooder = WsClient.joined(server.chatUri(), "flood", "flooder")) {
            bob.await(f -> f.getString("type").equals("presence"));

            try {
                for (int i = 0; i < 500 && !flooder.isClosed(); i++) {
                    flooder.send("{\"type\":\"message\",\"room\":\"flood\",\"text\":\"spam " + i + "\"}");
                }
            } catch (Exception closedWhileFlooding) {
                // the server closed the connection under the flooder's feet (see WsClient.sendExpectingClose)
            }

            // The flooder itself may see 1006: it is still writing when the server closes, and its write can fail
            // before it reads the close frame. The server's own count of closes says which code it sent.
            flooder.awaitClose();
            int broadcast = 0;
            for (JsonObject frame = bob.next(); !frame.getString("type").equals("presence"); frame = bob.next()) {
                assertEquals("message", frame.getString("type"));
                broadcast++;
                assertEquals(broadcast, frame.getInt("seq"));
            }
            assertTrue(broadcast >= 40 && broadcast < 100, broadcast + " messages got through: about the burst of 40");
            bob.expectNothingElse();
            assertEquals(1, server.metrics().value("parley_closes_total{code=\"1008\"}"));
        }
    }

    @Test
    void typingFloodsAreRateLimitedToo() throws Exception {
        try (ParleyServer server = ParleyServer.start();
             WsClient ada = WsClient.joined(server.chatUri(), "typing-flood", "ada")) {
            for (int i = 0; i < 150; i++) {
                ada.send("{\"type\":\"typing\",\"room\":\"typing-flood\"}");
            }

            assertError(ada.next(), "rate_limited");
        }
    }
}
