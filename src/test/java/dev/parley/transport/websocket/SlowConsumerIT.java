package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.PrometheusText;
import dev.parley.testing.RawWebSocket;
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A member that stops reading is cut off once its outbox is full; the others receive everything, in order. */
class SlowConsumerIT {

    @Test
    void aClientThatNeverReadsIsCutOffAndOthersGetEveryMessage() throws Exception {
        ParleyConfig smallOutbox = ParleyConfig.load(Map.of(), Map.of(
                "parley.outboxFrames", "64", "parley.messagesPerSecond", "100000"));
        String text = "x".repeat(3000);
        try (ParleyServer server = ParleyServer.start(smallOutbox);
             WsClient sender = WsClient.joined(server.chatUri(), "slow", "sender");
             WsClient reader = WsClient.joined(server.chatUri(), "slow", "reader");
             RawWebSocket stalled = RawWebSocket.connect(server.chatUri())) {
            stalled.sendText("{\"type\":\"join\",\"room\":\"slow\",\"name\":\"stalled\"}");
            sender.await(f -> f.getString("type").equals("presence") && f.getString("user").equals("stalled"));
            reader.await(f -> f.getString("type").equals("presence") && f.getString("user").equals("stalled"));
            // From here on the stalled client reads nothing: first the TCP buffers fill, then its outbox.

            AtomicBoolean cutOff = new AtomicBoolean();
            int sent = 0;
            while (!cutOff.get()) {
                sender.send("{\"type\":\"message\",\"room\":\"slow\",\"text\":\"" + text + "\"}");
                sent++;
                int expectedSeq = sent;
                sender.await(f -> {
                    cutOff.compareAndSet(false, isLeaveOfStalled(f));
                    return f.getString("type").equals("ack") && f.getInt("seq") == expectedSeq;
                });
                if (sent > 20_000) {
                    throw new AssertionError("the stalled client was never cut off");
                }
            }
            sender.send("{\"type\":\"message\",\"room\":\"slow\",\"text\":\"after\"}");
            sent++;

            boolean readerSawLeave = false;
            for (int seq = 1; seq <= sent; seq++) {
                JsonObject frame = reader.next();
                if (isLeaveOfStalled(frame)) {
                    readerSawLeave = true;
                    frame = reader.next();
                }
                assertEquals("message", frame.getString("type"));
                assertEquals(seq, frame.getInt("seq"), "the reader misses nothing and sees no reordering");
            }
            assertTrue(readerSawLeave || isLeaveOfStalled(reader.next()));

            PrometheusText metrics = server.metrics();
            assertEquals(1, metrics.value("parley_slow_consumer_cuts_total"));
            assertEquals(64, metrics.value("parley_outbox_depth_frames_max"), "the outbox filled to its limit");
            assertEquals(sent, metrics.value("parley_messages_published_total{origin=\"websocket\"}"));
        }
    }

    private static boolean isLeaveOfStalled(JsonObject frame) {
        return frame.getString("type").equals("presence") && frame.getString("event").equals("leave")
                && frame.getString("user").equals("stalled");
    }
}
