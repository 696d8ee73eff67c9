package dev.parley.transport.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.transport.Outbox;
import dev.parley.transport.OutboxContract;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox on an event stream ({@link OutboxContract}), against a fake response that takes writes only while the
 * test lets it; then what is the stream's own: the token first, events, comments, the last {@code close} event, and
 * writes only on the container's threads.
 */
class StreamWireTest extends OutboxContract {

    private static final Map<String, String> STREAM = Map.of(
            "PARLEY_OUTBOX_FRAMES", "3", "PARLEY_OUTBOX_BYTES", "1024", "PARLEY_SEND_TIMEOUT_MILLIS", "1000",
            "PARLEY_PING_INTERVAL_MILLIS", "20000", "PARLEY_IDLE_TIMEOUT_MILLIS", "60000");

    private FakeOutput output = new FakeOutput();
    private StreamWire wire = new StreamWire(output);
    private Outbox outbox = outbox(STREAM);

    private Outbox outbox(Map<String, String> environment) {
        ParleyConfig config = ParleyConfig.load(environment, Map.of());
        Outbox made = new Outbox(wire, OpenStreams.delivery("t0k", config), config, ChatMetrics.NONE, () -> now, null,
                (outbox, cause) -> closes.add(cause));
        wire.opening(made);
        return made;
    }

    @Override
    protected Outbox open(Map<String, String> environment) {
        output = new FakeOutput();
        wire = new StreamWire(output);
        Outbox opened = outbox(environment);
        wire.onWritePossible();
        output.writes.clear();
        return opened;
    }

    @Override
    protected void hold() {
        output.ready = false;
    }

    @Override
    protected void release() {
        output.ready = true;
        wire.onWritePossible();
    }

    @Override
    protected void failSends() {
        output.failure = new IOException("broken pipe");
    }

    /** Every event's data, as an {@code EventSource} hands them over. */
    @Override
    protected List<String> frames() {
        List<String> frames = new ArrayList<>();
        for (String event : output.text().split("\n\n")) {
            if (event.startsWith("data: ")) {
                frames.add(event.substring("data: ".length()));
            }
        }
        return frames;
    }

    @Override
    protected int keepalives() {
        return (int) output.writes.stream().filter(Events.HEARTBEAT::equals).count();
    }

    @Override
    protected boolean ended() {
        return output.ended;
    }

    @Test
    void writesNothingUntilTheContainerSaysTheResponseIsWritableThenTheTokenFirst() {
        assertFalse(outbox.offer("{\"type\":\"welcome\"}"), "not writable yet: the container's call starts the writer");
        outbox.drain();
        assertEquals(List.of(), output.writes);

        wire.onWritePossible();

        assertEquals("event: token\ndata: t0k\n\ndata: {\"type\":\"welcome\"}\n\n", output.text());
        assertEquals(List.of(1), List.of(output.writes.size()), "what was queued goes out in one write");
        assertEquals(1, output.flushes);
    }

    @Test
    void framesQueuedBehindAWriteThatWaitsLeaveTogetherInOneWrite() {
        wire.onWritePossible();
        output.writes.clear();
        send(outbox, "1");
        output.ready = false; // the client stops reading
        assertTrue(outbox.offer("2"));
        outbox.drain();
        assertFalse(outbox.offer("3"), "a write waits for the client: the container's call goes on");
        assertFalse(outbox.offer("4"));
        outbox.drain();
        assertEquals(List.of("data: 1\n\n"), output.writes);

        output.ready = true;
        wire.onWritePossible();

        assertEquals(List.of("data: 1\n\n", "data: 2\n\n", "data: 3\n\ndata: 4\n\n"), output.writes);
        assertTrue(closes.isEmpty());
    }

    @Test
    void theCallerNeverWritesTheContainerDoes() {
        wire.onWritePossible();
        output.writes.clear();
        output.holdDispatches = true;

        send(outbox, "1");
        assertFalse(outbox.offer("2"), "the writer is on its way");
        assertEquals(List.of(), output.writes);

        output.runDispatched();
        assertEquals(List.of("data: 1\n\n", "data: 2\n\n"), output.writes,
                "the container's thread writes what the send carries, then what queued meanwhile");
        assertTrue(output.dispatched.isEmpty(), "one dispatch: the writer goes on while there is more");
    }

    @Test
    void aWriteCallThatDoesNotReturnWithinTheSendTimeoutClosesTheStream() {
        wire.onWritePossible();
        output.holdDispatches = true;
        send(outbox, "1");
        output.holdDispatches = false;
        // A container whose write blocks (Liberty's flush): the call starts and has not returned when the timer looks.
        output.duringWrite = () -> {
            advance(Duration.ofMillis(1001));
            assertEquals(CloseCause.SEND_TIMEOUT, outbox.check(now));
        };
        output.runDispatched();
        assertEquals(List.of("event: token\ndata: t0k\n\n", "data: 1\n\n"), output.writes);
    }

    @Test
    void aStreamTheContainerNeverMakesWritableTimesOutToo() {
        advance(Duration.ofMillis(1001));
        assertEquals(CloseCause.SEND_TIMEOUT, outbox.check(now));
    }

    @Test
    void aQuietStreamGetsACommentEveryFifteenSeconds() {
        wire.onWritePossible();
        output.writes.clear();
        outbox.heard();

        advance(Duration.ofMillis(OpenStreams.HEARTBEAT_MILLIS - 1));
        assertNull(outbox.check(now));
        assertEquals(List.of(), output.writes);
        advance(Duration.ofMillis(1));
        assertNull(outbox.check(now));
        assertEquals(List.of(":\n\n"), output.writes);

        send(outbox, "1");
        advance(Duration.ofMillis(OpenStreams.HEARTBEAT_MILLIS - 1));
        outbox.check(now);
        assertEquals(List.of(":\n\n", "data: 1\n\n"), output.writes, "a frame counts as traffic");
    }

    @Test
    void endingTellsTheClientWhyWhenItReads() {
        wire.onWritePossible();
        output.writes.clear();

        outbox.end(CloseCause.SHUTDOWN);

        assertEquals("event: close\ndata: {\"code\":1001,\"reason\":\"server shutting down\"}\n\n", output.text());
        assertTrue(output.ended);
        assertFalse(outbox.offer("late"));
    }

    @Test
    void endingAStreamWhoseWriteWaitsWritesNothingMore() {
        wire.onWritePossible();
        output.ready = false;
        send(outbox, "1");

        outbox.end(CloseCause.SHUTDOWN);
        output.ready = true;
        wire.onWritePossible();

        assertEquals(List.of("event: token\ndata: t0k\n\n"), output.writes);
        assertTrue(output.ended);
    }

    @Test
    void aSlowClientGetsNoLastWord() {
        wire.onWritePossible();
        output.writes.clear();

        outbox.end(CloseCause.TOO_SLOW);

        assertEquals(List.of(), output.writes);
        assertTrue(output.ended);
    }

    @Test
    void endingWhileASendIsWrittenTellsTheClientWhyAfterIt() {
        wire.onWritePossible();
        output.writes.clear();
        output.duringWrite = () -> {
            output.duringWrite = () -> { };
            outbox.end(CloseCause.FLOODING); // a refusal closes right after its error frame's send has started
        };

        send(outbox, "1");

        assertEquals(List.of("data: 1\n\n", Events.close(CloseCause.FLOODING)), output.writes);
        assertTrue(output.ended);
    }

    @Test
    void aClientThatStopsReadingBeforeItsCloseEventGetsNoLastWord() {
        wire.onWritePossible();
        output.writes.clear();
        output.duringWrite = () -> {
            output.duringWrite = () -> { };
            outbox.end(CloseCause.FLOODING);
            output.ready = false;
        };

        send(outbox, "1");

        assertEquals(List.of("data: 1\n\n"), output.writes);
        assertTrue(output.ended);
    }

    @Test
    void aLineBreakInAFrameBecomesAnotherDataLine() {
        assertEquals("data: {\"a\":\ndata: 1}\n\n", Events.frame("{\"a\":\r\n1}"));
    }
}
