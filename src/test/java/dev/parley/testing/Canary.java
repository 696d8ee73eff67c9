package dev.parley.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two well-behaved clients in a room of their own, chatting while a test abuses the server: the talker sends a message,
 * waits for its ack, pauses, and again; {@link #stop()} checks that the listener got every message, in order, with
 * gapless seqs, and that no ack took longer than {@link FrameClient#TIMEOUT}.
 */
public final class Canary {

    private final FrameClient talker;
    private final FrameClient listener;
    private final String room;
    private final Duration pause;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Integer> sent = new CompletableFuture<>();
    private final CountDownLatch firstAck = new CountDownLatch(1);
    private volatile long slowestAckNanos;

    /**
     * Starts chatting and returns once the first message is acked; both clients must already have joined
     * {@code room}, the talker after the listener.
     *
     * @param pause time between one ack and the next message, to stay under the server's rate limit
     */
    public Canary(FrameClient talker, FrameClient listener, String room, Duration pause) {
        this.talker = talker;
        this.listener = listener;
        this.room = room;
        this.pause = pause;
        Thread thread = new Thread(this::chat, "canary-" + room);
        thread.setDaemon(true);
        thread.start();
        try {
            // chatting is under way before the test goes on to disturb the server
            assertTrue(firstAck.await(FrameClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the canary never chatted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void chat() {
        int count = 0;
        try {
            while (running.get()) {
                count++;
                int seq = count;
                long start = System.nanoTime();
                talker.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"tweet " + seq + "\"}");
                talker.await(f -> f.getString("type").equals("ack") && f.getInt("seq") == seq);
                slowestAckNanos = Math.max(slowestAckNanos, System.nanoTime() - start);
                firstAck.countDown();
                Thread.sleep(pause.toMillis()); // pacing, not waiting for an event
            }
            sent.complete(count);
        } catch (Throwable failure) {
            sent.completeExceptionally(failure);
        }
    }

    /** Stops chatting and asserts the listener received every message with seqs 1, 2, 3... and nothing lost. */
    public int stop() throws Exception {
        running.set(false);
        int count = sent.get(FrameClient.TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        for (int seq = 1; seq <= count; seq++) {
            JsonObject message = listener.await(f -> f.getString("type").equals("message"));
            assertEquals(seq, message.getInt("seq"), "the canary's listener sees gapless seqs");
            assertEquals("tweet " + seq, message.getString("text"));
        }
        return count;
    }

    /** The longest a message took from send to ack so far. */
    public Duration slowestAck() {
        return Duration.ofNanos(slowestAckNanos);
    }
}
