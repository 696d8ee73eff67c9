package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parley.application.Peer;
import dev.parley.protocol.CloseCause;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A peer that parses every frame offered to it into a queue a test awaits, with a timeout. Thread-safe. */
final class QueuePeer implements Peer {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    /** Every frame ever offered, in order, whatever was taken from the queue. */
    private final List<JsonObject> all = new CopyOnWriteArrayList<>();
    private volatile CloseCause closedFor;
    private volatile int closedAt = -1;

    @Override
    public synchronized boolean offer(String frame) {
        try (JsonReader reader = Json.createReader(new StringReader(frame))) {
            JsonObject parsed = reader.readObject();
            all.add(parsed);
            frames.add(parsed);
        }
        return false;
    }

    @Override
    public void drain() {
        // nothing is queued between offer and the test
    }

    @Override
    public void discard() {
        frames.clear();
    }

    /** Like a real outbox, nothing offered after the close is sent: {@link #all()} ends there. */
    @Override
    public synchronized void close(CloseCause cause) {
        if (closedFor == null) {
            closedFor = cause;
            closedAt = all.size();
        }
    }

    /** Every frame sent, in order: up to the close when the connection was closed. */
    List<JsonObject> all() {
        List<JsonObject> sent = List.copyOf(all);
        int end = closedAt;
        return end < 0 ? sent : sent.subList(0, Math.min(end, sent.size()));
    }

    CloseCause closedFor() {
        return closedFor;
    }

    /** The next frame, which must be of this type. */
    JsonObject next(String type) throws InterruptedException {
        JsonObject frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(frame, () -> "no " + type + " frame within " + WAIT);
        assertEquals(type, frame.getString("type"), frame::toString);
        return frame;
    }

    /** Skips frames until one matches. */
    JsonObject await(Predicate<JsonObject> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(frame, () -> "no " + what + " within " + WAIT);
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }
}
