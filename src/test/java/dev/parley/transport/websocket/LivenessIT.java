package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.RawWebSocket;
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server pings, the idle timeout for dead peers (even in a busy room), and 1001 for everyone on shutdown. */
class LivenessIT {

    private static final Duration PING_INTERVAL = Duration.ofMillis(300);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1500);
    private static final ParleyConfig QUICK = ParleyConfig.load(Map.of(), Map.of(
            "parley.pingIntervalMillis", String.valueOf(PING_INTERVAL.toMillis()),
            "parley.idleTimeoutMillis", String.valueOf(IDLE_TIMEOUT.toMillis())));

    @Test
    void aHalfOpenClientInABusyRoomIsDetectedAndLeaves() throws Exception {
        try (ParleyServer server = ParleyServer.start(QUICK);
             StallingProxy proxy = new StallingProxy(server.chatUri());
             WsClient ada = WsClient.joined(server.chatUri(), "busy", "ada");
             WsClient zombie = WsClient.joined(proxy.uri(), "busy", "zombie")) {
            ada.await(f -> isPresence(f, "join", "zombie"));

            proxy.stall();
            long stalledAt = System.nanoTime();
            int sent = 0;
            JsonObject leave = null;
            while (leave == null) {
                assertTrue(System.nanoTime() - stalledAt < IDLE_TIMEOUT.multipliedBy(4).toNanos(),
                        "the half-open client was not detected within four idle timeouts");
                ada.send("{\"type\":\"message\",\"room\":\"busy\",\"text\":\"still talking " + sent + "\"}");
                sent++;
                for (JsonObject frame = null; frame == null || !frame.getString("type").equals("message"); ) {
                    frame = ada.next();
                    if (isPresence(frame, "leave", "zombie")) {
                        leave = frame;
                    }
                }
                JsonObject extra = ada.pollFor(Duration.ofMillis(100)); // paces the room at about 10 messages/s
                if (extra != null && isPresence(extra, "leave", "zombie")) {
                    leave = extra;
                }
            }
            long detectedAfter = Duration.ofNanos(System.nanoTime() - stalledAt).toMillis();
            assertTrue(detectedAfter >= IDLE_TIMEOUT.toMillis() - PING_INTERVAL.toMillis(),
                    "detected after " + detectedAfter + " ms: too early for a " + IDLE_TIMEOUT + " timeout");
            assertTrue(sent > 5, "the room was busy the whole time");
        }
    }

    @Test
    void aQuietClientThatAnswersPingsStays() throws Exception {
        try (ParleyServer server = ParleyServer.start(QUICK);
             WsClient ada = WsClient.joined(server.chatUri(), "quiet", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "quiet", "bob")) {
            ada.await(f -> isPresence(f, "join", "bob"));

            // Nothing to wait for: the point is that nothing happens for three idle timeouts.
            JsonObject unexpected = ada.pollFor(IDLE_TIMEOUT.multipliedBy(3));

            assertEquals(null, unexpected, "bob answers the server's pings and must stay");
            bob.expectNothingElse();
        }
    }

    @Test
    void aClientThatNeverAnswersIsClosedAndLeaves() throws Exception {
        try (ParleyServer server = ParleyServer.start(QUICK);
             WsClient ada = WsClient.joined(server.chatUri(), "mute", "ada");
             RawWebSocket mute = RawWebSocket.connect(server.chatUri())) {
            mute.sendText("{\"type\":\"join\",\"room\":\"mute\",\"name\":\"mute\"}");
            ada.await(f -> isPresence(f, "join", "mute"));

            // The raw socket reads nothing, so it never answers the pings.
            ada.await(f -> isPresence(f, "leave", "mute"));
            assertEquals(1001, mute.awaitClose(IDLE_TIMEOUT.multipliedBy(4)));
        }
    }

    @Test
    void stoppingTheApplicationClosesEverySessionWith1001() throws Exception {
        try (ParleyServer server = ParleyServer.start(QUICK);
             WsClient ada = WsClient.joined(server.chatUri(), "bye", "ada");
             WsClient bob = WsClient.connect(server.chatUri())) {
            server.stopApplication();

            for (WsClient client : new WsClient[]{ada, bob}) {
                CloseReason reason = client.awaitClose();
                assertEquals(1001, reason.getCloseCode().getCode());
                assertEquals("server shutting down", reason.getReasonPhrase());
            }
        }
    }

    private static boolean isPresence(JsonObject frame, String event, String user) {
        return frame.getString("type").equals("presence") && frame.getString("event").equals(event)
                && frame.getString("user").equals(user);
    }
}
