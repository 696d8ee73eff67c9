package dev.parley.transport.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream's writer against a fake response that takes writes only while the test lets it. */
class StreamOutboxTest {

    private final FakeWire wire = new FakeWire();
    private final List<CloseCause> closes = new ArrayList<>();
    private long now = 1_000_000_000_000L;
    private final StreamOutbox outbox = new StreamOutbox(wire, Events.token("t0k"), ParleyConfig.load(Map.of(
            "PARLEY_OUTBOX_FRAMES", "3", "PARLEY_OUTBOX_BYTES", "1024", "PARLEY_SEND_TIMEOUT_MILLIS", "1000",
            "PARLEY_PING_INTERVAL_MILLIS", "20000", "PARLEY_IDLE_TIMEOUT_MILLIS", "60000"), Map.of()),
            ChatMetrics.NONE, () -> now, (outbox, cause) -> closes.add(cause));

    @Test
    void writesNothingUntilTheContainerSaysTheResponseIsWritableThenTheTokenFirst() {
        assertFalse(outbox.offer("{\"type\":\"welcome\"}"), "not writable yet: the container's call starts the writer");
        outbox.drain();
        assertEquals(List.of(), wire.writes);

        outbox.onWritePossible();

        assertEquals("event: token\ndata: t0k\n\ndata: {\"type\":\"welcome\"}\n\n", wire.text());
        assertEquals(List.of(1), List.of(wire.writes.size()), "what was queued goes out in one write");
        assertEquals(1, wire.flushes);
    }

    @Test
    void framesGoOutInOrderAndOneWriterAtATime() {
        outbox.onWritePossible();
        wire.writes.clear();

        assertTrue(outbox.offer("1"), "the writer rests: the caller must drain");
        outbox.drain();
        wire.ready = false; // the client stops reading
        assertTrue(outbox.offer("2"));
        outbox.drain();
        assertFalse(outbox.offer("3"), "a write waits for the client: the container's call goes on");
        outbox.drain();
        assertEquals(List.of("data: 1\n\n"), wire.writes);

        wire.ready = true;
        outbox.onWritePossible();

        assertEquals(List.of("data: 1\n\n", "data: 2\n\ndata: 3\n\n"), wire.writes);
        assertTrue(closes.isEmpty());
    }

    @Test
    void theCallerNeverWritesTheContainerDoes() {
        outbox.onWritePossible();
        wire.writes.clear();
        wire.holdDispatches = true;

        outbox.offer("1");
        outbox.drain();
        assertFalse(outbox.offer("2"), "the writer is on its way");
        assertEquals(List.of(), wire.writes);

        wire.runDispatched();
        assertEquals(List.of("data: 1\n\ndata: 2\n\n"), wire.writes);
    }

    @Test
    void aWriteCallThatDoesNotReturnWithinTheSendTimeoutClosesTheStream() {
        outbox.onWritePossible();
        wire.holdDispatches = true;
        outbox.offer("1");
        outbox.drain();
        wire.holdDispatches = false;
        // A container whose write blocks (Liberty's flush): the call starts and has not returned when the timer looks.
        wire.duringWrite = () -> {
            now += Duration.ofMillis(1001).toNanos();
            assertEquals(CloseCause.SEND_TIMEOUT, outbox.check(now));
        };
        wire.runDispatched();
    }

    @Test
    void aFullQueueCutsTheClientOffAndTakesNoMore() {
        outbox.onWritePossible();
        wire.ready = false;
        outbox.offer("1");
        outbox.drain();
        outbox.offer("2");
        outbox.offer("3");

        assertTrue(outbox.offer("4"), "the fourth frame overflows a queue of three: the caller must drain");
        assertFalse(outbox.offer("5"));
        outbox.drain();

        assertEquals(List.of(CloseCause.TOO_SLOW), closes);
        wire.ready = true;
        outbox.onWritePossible();
        assertFalse(wire.text().contains("data: 2"), "the queue was dropped: " + wire.text());
    }

    @Test
    void theQueueIsBoundedByCharactersToo() {
        outbox.onWritePossible();
        wire.ready = false;
        outbox.offer("x".repeat(600));
        outbox.drain();

        assertTrue(outbox.offer("y".repeat(600)));
        outbox.drain();

        assertEquals(List.of(CloseCause.TOO_SLOW), closes);
    }

    @Test
    void aWriteTheClientDoesNotTakeWithinTheSendTimeoutClosesTheStream() {
        outbox.onWritePossible();
        wire.ready = false;
        outbox.offer("1");
        outbox.drain();

        now += Duration.ofMillis(1000).toNanos();
        assertNull(outbox.check(now));
        now += 1;
        assertEquals(CloseCause.SEND_TIMEOUT, outbox.check(now));
    }

    @Test
    void aStreamTheContainerNeverMakesWritableTimesOutToo() {
        now += Duration.ofMillis(1001).toNanos();
        assertEquals(CloseCause.SEND_TIMEOUT, outbox.check(now));
    }

    @Test
    void aClientThatDoesNotPostWithinTheIdleTimeoutIsGoneEvenWithItsStreamOpen() {
        outbox.onWritePossible();
        now += Duration.ofSeconds(50).toNanos();
        outbox.heard();
        now += Duration.ofSeconds(60).toNanos();
        assertNull(outbox.check(now), "heard 60 s ago, not more");

        now += 1;
        assertEquals(CloseCause.IDLE, outbox.check(now));
    }

    @Test
    void aQuietStreamGetsACommentEveryFifteenSeconds() {
        outbox.onWritePossible();
        wire.writes.clear();
        outbox.heard();

        now += Duration.ofMillis(StreamOutbox.HEARTBEAT_MILLIS - 1).toNanos();
        assertNull(outbox.check(now));
        assertEquals(List.of(), wire.writes);
        now += Duration.ofMillis(1).toNanos();
        assertNull(outbox.check(now));
        assertEquals(List.of(":\n\n"), wire.writes);

        outbox.offer("1");
        outbox.drain();
        now += Duration.ofMillis(StreamOutbox.HEARTBEAT_MILLIS - 1).toNanos();
        outbox.check(now);
        assertEquals(List.of(":\n\n", "data: 1\n\n"), wire.writes, "a frame counts as traffic");
    }

    @Test
    void endingTellsTheClientWhyWhenItReads() {
        outbox.onWritePossible();
        wire.writes.clear();

        outbox.end(CloseCause.SHUTDOWN);

        assertEquals("event: close\ndata: {\"code\":1001,\"reason\":\"server shutting down\"}\n\n", wire.text());
        assertTrue(wire.ended);
        assertFalse(outbox.offer("late"));
    }

    @Test
    void endingAStreamWhoseWriteWaitsWritesNothingMore() {
        outbox.onWritePossible();
        wire.ready = false;
        outbox.offer("1");
        outbox.drain();

        outbox.end(CloseCause.TOO_SLOW);
        wire.ready = true;
        outbox.onWritePossible();

        assertEquals(List.of("event: token\ndata: t0k\n\n"), wire.writes);
        assertTrue(wire.ended);
    }

    @Test
    void aFailedWriteClosesTheConnectionSoThatItRecovers() {
        outbox.onWritePossible();
        wire.failure = new IOException("broken pipe");
        outbox.offer("1");
        outbox.drain();

        assertEquals(List.of(CloseCause.SEND_FAILED), closes);
        assertFalse(outbox.offer("2"));
    }

    @Test
    void aLineBreakInAFrameBecomesAnotherDataLine() {
        assertEquals("data: {\"a\":\ndata: 1}\n\n", Events.frame("{\"a\":\r\n1}"));
    }
}
