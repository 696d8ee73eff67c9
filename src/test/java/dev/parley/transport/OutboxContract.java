package dev.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.CloseCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an {@link Outbox} promises on every wire: one send in flight, frames in order, bounds, timeouts, keepalives,
 * failures and the close path. Each wire's test extends it with a fake of its transport whose sends complete only
 * while the test lets them, and adds what is its own.
 */
public abstract class OutboxContract {

    /** Small bounds, a short send timeout and ping interval. */
    protected static final Map<String, String> SMALL = Map.of(
            "PARLEY_OUTBOX_FRAMES", "3", "PARLEY_OUTBOX_BYTES", "1024", "PARLEY_SEND_TIMEOUT_MILLIS", "1000",
            "PARLEY_PING_INTERVAL_MILLIS", "2000", "PARLEY_IDLE_TIMEOUT_MILLIS", "5000");

    protected final List<CloseCause> closes = new ArrayList<>();
    protected long now = 1_000_000_000_000L;

    /** An open outbox on a fresh fake wire, with {@code environment} as its settings; sends complete at once. */
    protected abstract Outbox open(Map<String, String> environment);

    /** The client stops taking: sends started from now on stay in flight. */
    protected abstract void hold();

    /** The client takes everything: sends in flight complete, and later ones at once. */
    protected abstract void release();

    /** Every send from now on fails, and the one in flight too. */
    protected abstract void failSends();

    /** The protocol frames the wire has carried to the client, in order. */
    protected abstract List<String> frames();

    /** Keepalives the wire has sent. */
    protected abstract int keepalives();

    /** Whether the wire was ended. */
    protected abstract boolean ended();

    protected final void advance(Duration duration) {
        now += duration.toNanos();
    }

    protected final void send(Outbox outbox, String frame) {
        if (outbox.offer(frame)) {
            outbox.drain();
        }
    }

    @Test
    void framesGoOutInOrderOneSendInFlight() {
        Outbox outbox = open(SMALL);
        hold();

        assertTrue(outbox.offer("1"), "nothing in flight: the caller must drain");
        outbox.drain();
        assertFalse(outbox.offer("2"), "a send is in flight: its report starts the next one");
        assertFalse(outbox.offer("3"));
        outbox.drain();
        assertFalse(frames().contains("2"), frames().toString());

        release();
        assertEquals(List.of("1", "2", "3"), frames());
        assertTrue(closes.isEmpty());
    }

    @Test
    void sendsThatReportOnTheCallingThreadGoOnWithoutRecursing() {
        Outbox outbox = open(Map.of("PARLEY_OUTBOX_FRAMES", "100000", "PARLEY_OUTBOX_BYTES", "10000000"));
        hold();
        send(outbox, "first");
        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 0; i < 50_000; i++) {
            outbox.offer("f" + i);
            expected.add("f" + i);
        }

        release(); // one report, then every send reports inline: a recursion would overflow the stack

        assertEquals(expected, frames());
        assertTrue(closes.isEmpty());
    }

    @Test
    void aFullQueueClosesForBeingTooSlowAndTakesNoMore() {
        Outbox outbox = open(SMALL);
        hold();
        send(outbox, "in flight");
        outbox.offer("1");
        outbox.offer("2");
        outbox.offer("3");

        assertTrue(outbox.offer("one too many"), "the overflow must be drained to be acted on");
        assertFalse(outbox.offer("after"));
        outbox.drain();

        assertEquals(List.of(CloseCause.TOO_SLOW), closes);
        assertEquals(Outbox.State.CLOSING, outbox.state());
        release();
        assertFalse(frames().contains("1"), "the queue was dropped: " + frames());
    }

    @Test
    void tooManyCharactersAlsoOverflow() {
        Outbox outbox = open(SMALL);
        hold();
        send(outbox, "in flight");
        outbox.offer("x".repeat(1000));

        assertTrue(outbox.offer("x".repeat(25)));
        outbox.drain();

        assertEquals(List.of(CloseCause.TOO_SLOW), closes);
    }

    @Test
    void aSendThatDoesNotCompleteTimesOut() {
        Outbox outbox = open(SMALL);
        hold();
        send(outbox, "stuck");
        outbox.heard();

        advance(Duration.ofMillis(1000));
        assertNull(outbox.check(now));
        advance(Duration.ofMillis(1));
        assertEquals(CloseCause.SEND_TIMEOUT, outbox.check(now));
    }

    @Test
    void aClientNotHeardFromWithinTheIdleTimeoutIsGone() {
        Outbox outbox = open(SMALL);
        advance(Duration.ofMillis(4000));
        outbox.heard();

        advance(Duration.ofMillis(5000));
        assertNull(outbox.check(now), "heard 5 s ago, not more");
        advance(Duration.ofMillis(1));
        assertEquals(CloseCause.IDLE, outbox.check(now));
    }

    @Test
    void trafficToTheClientDoesNotCountAsHearingFromIt() {
        Outbox outbox = open(SMALL);
        for (int i = 0; i < 60; i++) {
            advance(Duration.ofMillis(100));
            send(outbox, "busy room " + i);
        }
        assertEquals(60, frames().size());
        assertEquals(CloseCause.IDLE, outbox.check(now));
    }

    @Test
    void aKeepaliveWaitsForTheSendInFlight() {
        Outbox outbox = open(Map.of("PARLEY_SEND_TIMEOUT_MILLIS", "10000", "PARLEY_PING_INTERVAL_MILLIS", "2000",
                "PARLEY_IDLE_TIMEOUT_MILLIS", "5000"));
        hold();
        send(outbox, "slow");
        advance(Duration.ofMillis(2000));

        assertNull(outbox.check(now));
        assertEquals(0, keepalives(), "one writer: the keepalive waits");

        release();
        assertEquals(1, keepalives());
        assertEquals(List.of("slow"), frames());
    }

    @Test
    void aFailedSendClosesTheConnectionSoThatItRecovers() {
        Outbox outbox = open(SMALL);
        failSends();
        send(outbox, "1");

        assertEquals(List.of(CloseCause.SEND_FAILED), closes, "the connection missed a frame: it must not go on");
        assertFalse(outbox.offer("2"));
        assertEquals(Outbox.State.CLOSING, outbox.state());
    }

    @Test
    void theChatAskingToCloseGoesToTheCloser() {
        Outbox outbox = open(SMALL);

        outbox.close(CloseCause.FLOODING);

        assertEquals(List.of(CloseCause.FLOODING), closes);
        assertFalse(ended(), "the closer closes, not the caller who may hold locks");
    }

    @Test
    void endingDropsTheQueueEndsTheWireOnceAndTakesNothingMore() {
        Outbox outbox = open(SMALL);
        hold();
        send(outbox, "in flight");
        outbox.offer("queued");

        outbox.end(CloseCause.SHUTDOWN);
        outbox.end(CloseCause.IDLE);

        assertTrue(ended());
        assertEquals(Outbox.State.CLOSED, outbox.state());
        assertFalse(outbox.offer("late"));
        release();
        assertFalse(frames().contains("queued"), frames().toString());
    }

    @Test
    void aDisconnectedOutboxTakesNothingMoreAndEndsOnce() {
        Outbox outbox = open(SMALL);
        assertEquals(Outbox.State.OPEN, outbox.state());

        outbox.discard();
        assertEquals(Outbox.State.CLOSING, outbox.state());
        assertFalse(outbox.offer("after"));
        assertFalse(ended());

        outbox.end(CloseCause.SHUTDOWN);
        assertEquals(Outbox.State.CLOSED, outbox.state());
        assertTrue(ended());
    }
}
