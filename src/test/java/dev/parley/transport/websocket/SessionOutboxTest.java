package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox against a fake session whose sends complete only when the test says so, and a fake timer that runs
 * delayed sends only when the test says so.
 */
class SessionOutboxTest {

    private static final Map<String, String> SMALL = Map.of(
            "PARLEY_OUTBOX_FRAMES", "3", "PARLEY_OUTBOX_BYTES", "1024", "PARLEY_SEND_TIMEOUT_MILLIS", "1000",
            "PARLEY_PING_INTERVAL_MILLIS", "2000", "PARLEY_IDLE_TIMEOUT_MILLIS", "5000");

    private final FakeSession session = new FakeSession("");
    private final List<CloseCause> closes = new ArrayList<>();
    private final List<Flush> flushes = new ArrayList<>();
    private long now = 1_000_000_000_000L;
    private final SessionOutbox outbox = outbox(session, SMALL);
    private final FakeSession batched = new FakeSession(ChatHandshake.BATCH);

    /** A delayed send the outbox asked for. */
    private record Flush(Runnable task, long delayNanos) {
    }

    /** The outbox of a session that negotiated parley.batch. */
    private SessionOutbox batchedOutbox(int writeDelayMillis) {
        return outbox(batched, Map.of("PARLEY_WRITE_DELAY_MILLIS", String.valueOf(writeDelayMillis)));
    }

    private SessionOutbox outbox(FakeSession on, Map<String, String> environment) {
        return new SessionOutbox(on.proxy(), ParleyConfig.load(environment, Map.of()), ChatMetrics.NONE, () -> now,
                (task, delay) -> flushes.add(new Flush(task, delay)), (outbox, cause) -> closes.add(cause));
    }

    @Test
    void sendsOneAtATimeInOrder() {
        assertTrue(outbox.offer("one"));
        outbox.drain();
        assertFalse(outbox.offer("two"), "a send is in flight: the handler starts the next one");
        assertFalse(outbox.offer("three"));

        assertEquals(List.of("one"), session.sent);
        session.completeOldest();
        assertEquals(List.of("one", "two"), session.sent);
        session.completeOldest();
        session.completeOldest();
        assertEquals(List.of("one", "two", "three"), session.sent);
    }

    @Test
    void sendsRunWithThePlatformClassLoaderAndTheThreadGetsItsOwnBack() {
        ClassLoader own = Thread.currentThread().getContextClassLoader();
        outbox.offer("one");
        outbox.offer("two");
        outbox.drain();
        session.completeOldest(); // the completion starts the next send on this thread

        assertEquals(List.of(ClassLoader.getPlatformClassLoader(), ClassLoader.getPlatformClassLoader()),
                session.sendLoaders);
        assertEquals(own, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aFullQueueAsksToBeClosedForBeingTooSlow() {
        outbox.offer("in flight");
        outbox.drain();
        outbox.offer("1");
        outbox.offer("2");
        outbox.offer("3");

        assertTrue(outbox.offer("one too many"), "the overflow must be drained to be acted on");
        outbox.drain();

        assertEquals(List.of(CloseCause.TOO_SLOW), closes);
        assertFalse(outbox.offer("after"));
    }

    @Test
    void tooManyCharactersAlsoOverflow() {
        outbox.offer("in flight");
        outbox.drain();
        outbox.offer("x".repeat(1000));

        assertTrue(outbox.offer("x".repeat(25)));
        outbox.drain();

        assertEquals(List.of(CloseCause.TOO_SLOW), closes);
    }

    @Test
    void aQuietButHealthySessionGetsPingedAndStaysOpen() {
        advance(Duration.ofMillis(1999));
        assertNull(outbox.check(now));
        assertEquals(0, session.pings);

        advance(Duration.ofMillis(1));
        assertNull(outbox.check(now));
        assertEquals(1, session.pings);

        advance(Duration.ofMillis(1000));
        assertNull(outbox.check(now));
        assertEquals(1, session.pings, "one ping per interval");

        outbox.heard(); // the pong
        advance(Duration.ofMillis(4999));
        assertNull(outbox.check(now));
    }

    @Test
    void aSessionNeverHeardFromIsIdleAfterTheTimeout() {
        advance(Duration.ofMillis(5000));
        assertNull(outbox.check(now));

        advance(Duration.ofMillis(1));
        assertEquals(CloseCause.IDLE, outbox.check(now));
    }

    @Test
    void trafficToTheClientDoesNotCountAsHearingFromIt() {
        for (int i = 0; i < 60; i++) {
            advance(Duration.ofMillis(100));
            outbox.offer("busy room " + i);
            outbox.drain();
            session.completeOldest();
        }
        assertEquals(CloseCause.IDLE, outbox.check(now));
    }

    @Test
    void aPingWaitsForTheTextInFlight() {
        advance(Duration.ofMillis(1500));
        outbox.offer("slow");
        outbox.drain();
        advance(Duration.ofMillis(500));

        assertNull(outbox.check(now));
        assertEquals(0, session.pings);

        session.completeOldest();
        assertEquals(1, session.pings);
    }

    @Test
    void aSendThatDoesNotCompleteTimesOut() {
        outbox.offer("stuck");
        outbox.drain();
        outbox.heard();

        advance(Duration.ofMillis(1000));
        assertNull(outbox.check(now));
        advance(Duration.ofMillis(1));
        assertEquals(CloseCause.SEND_TIMEOUT, outbox.check(now));
    }

    @Test
    void closingSendsTheCodeAndReasonAndDropsTheQueue() {
        outbox.offer("in flight");
        outbox.drain();
        outbox.offer("queued");

        outbox.closeSession(CloseCause.SHUTDOWN);

        assertEquals(1001, session.closedWith.getCloseCode().getCode());
        assertEquals("server shutting down", session.closedWith.getReasonPhrase());
        session.completeOldest();
        assertEquals(List.of("in flight"), session.sent);
    }

    @Test
    void theChatAskingToCloseGoesToTheCloser() {
        outbox.close(CloseCause.FLOODING);

        assertEquals(List.of(CloseCause.FLOODING), closes);
        assertNull(session.closedWith, "the closer closes, not the caller who may hold locks");
    }

    @Test
    void aFailedSendDropsTheQueue() {
        outbox.offer("one");
        outbox.drain();
        outbox.offer("two");

        session.failOldest();

        assertEquals(List.of("one"), session.sent);
        assertFalse(outbox.offer("three"));
        assertEquals(List.of(CloseCause.SEND_FAILED), closes, "the connection missed a frame: it must not go on");
    }

    @Test
    void aPlainSessionGetsOneFramePerTextEvenWhenFramesPileUp() {
        SessionOutbox plain = outbox(session, Map.of("PARLEY_WRITE_DELAY_MILLIS", "50"));
        plain.offer("one");
        plain.offer("two");
        plain.drain();
        plain.offer("three");
        session.completeOldest();
        session.completeOldest();

        assertEquals(List.of("one", "two", "three"), session.sent, "no batching, and no write delay either");
        assertTrue(flushes.isEmpty());
    }

    @Test
    void aBatchedSessionGetsWhatIsQueuedInOneTextJoinedByNewlines() {
        SessionOutbox out = batchedOutbox(0);

        assertTrue(out.offer("{\"type\":\"ack\"}"));
        assertTrue(out.offer("{\"type\":\"message\"}"), "nothing in flight yet: the caller drains");
        out.drain();

        assertEquals(List.of("{\"type\":\"ack\"}\n{\"type\":\"message\"}"), batched.sent);
    }

    @Test
    void aBatchedSessionSendsALoneFrameAsItIs() {
        SessionOutbox out = batchedOutbox(0);

        out.offer("one");
        out.drain();

        assertEquals(List.of("one"), batched.sent);
    }

    @Test
    void framesQueuedBehindTheSendInFlightLeaveTogetherWhenItCompletes() {
        SessionOutbox out = batchedOutbox(0);
        out.offer("one");
        out.drain();
        assertFalse(out.offer("two"));
        assertFalse(out.offer("three"));

        batched.completeOldest();

        assertEquals(List.of("one", "two\nthree"), batched.sent);
    }

    @Test
    void aBatchedTextHoldsAtMostTheCapNewlinesIncluded() {
        SessionOutbox out = batchedOutbox(0);
        String a = "a".repeat(32_767);
        String b = "b".repeat(32_768); // a + newline + b is exactly the cap
        String c = "c";
        out.offer(a);
        out.offer(b);
        out.offer(c);
        out.drain();
        batched.completeOldest();

        assertEquals(List.of(a + "\n" + b, c), batched.sent);
        assertEquals(SessionOutbox.BATCH_CHARS, batched.sent.get(0).length());
    }

    @Test
    void aFrameLargerThanTheCapGoesAlone() {
        SessionOutbox out = batchedOutbox(0);
        String huge = "h".repeat(SessionOutbox.BATCH_CHARS + 1);
        out.offer("before");
        out.offer(huge);
        out.offer("after");
        out.drain();
        batched.completeOldest();
        batched.completeOldest();

        assertEquals(List.of("before", huge, "after"), batched.sent);
    }

    @Test
    void batchesKeepTheOrderAndLoseNothing() {
        SessionOutbox out = batchedOutbox(0);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String frame = i + ":" + "x".repeat(i * 7 % 3000);
            frames.add(frame);
            if (out.offer(frame)) {
                out.drain();
            }
            if (i % 100 == 99) {
                batched.completeOldest();
            }
        }
        while (!batched.pending.isEmpty()) {
            batched.completeOldest();
        }

        List<String> received = new ArrayList<>();
        for (String text : batched.sent) {
            assertTrue(text.length() <= SessionOutbox.BATCH_CHARS, "over the cap: " + text.length());
            received.addAll(List.of(text.split("\n")));
        }
        assertEquals(frames, received);
        assertTrue(batched.sent.size() < frames.size() / 10, batched.sent.size() + " texts for 500 frames");
    }

    @Test
    void withoutAWriteDelayNothingWaits() {
        SessionOutbox out = batchedOutbox(0);

        out.offer("one");
        out.drain();

        assertEquals(List.of("one"), batched.sent);
        assertTrue(flushes.isEmpty());
    }

    @Test
    void aWriteDelayHoldsTheFirstFrameThatLongAndSendsWhatJoinedIt() {
        SessionOutbox out = batchedOutbox(20);

        assertTrue(out.offer("one"));
        out.drain();
        assertEquals(List.of(), batched.sent);
        assertEquals(List.of(Duration.ofMillis(20).toNanos()), flushes.stream().map(Flush::delayNanos).toList());

        advance(Duration.ofMillis(5));
        assertFalse(out.offer("two"), "a send is already planned");
        advance(Duration.ofMillis(15));
        runFlushes();

        assertEquals(List.of("one\ntwo"), batched.sent);
        assertTrue(flushes.isEmpty(), "one timer per wait");
    }

    @Test
    void framesThatWaitedTheDelayBehindASendGoWhenItCompletes() {
        SessionOutbox out = batchedOutbox(20);
        out.offer("one");
        out.drain();
        advance(Duration.ofMillis(20));
        runFlushes();
        out.offer("two");
        advance(Duration.ofMillis(20));

        batched.completeOldest();

        assertEquals(List.of("one", "two"), batched.sent);
        assertTrue(flushes.isEmpty());
    }

    @Test
    void framesThatQueuedBehindAQuickSendWaitOnlyWhatIsLeftOfTheDelay() {
        SessionOutbox out = batchedOutbox(20);
        out.offer("one");
        out.drain();
        advance(Duration.ofMillis(20));
        runFlushes();
        out.offer("two");
        advance(Duration.ofMillis(5));

        batched.completeOldest();

        assertEquals(List.of("one"), batched.sent);
        assertEquals(List.of(Duration.ofMillis(15).toNanos()), flushes.stream().map(Flush::delayNanos).toList());
        advance(Duration.ofMillis(15));
        runFlushes();
        assertEquals(List.of("one", "two"), batched.sent);
    }

    @Test
    void aFullTextDoesNotWaitForTheDelay() {
        SessionOutbox out = batchedOutbox(20);
        String a = "a".repeat(32_767);
        String b = "b".repeat(32_768);
        out.offer(a);
        out.drain();

        assertTrue(out.offer(b), "the queue now fills a text: the caller must drain");
        out.drain();

        assertEquals(List.of(a + "\n" + b), batched.sent);
        runFlushes(); // the planned flush finds a send in flight
        assertEquals(1, batched.sent.size());
    }

    @Test
    void aPingDueWhileFramesWaitGoesFirstAndTheBatchStillWaits() {
        SessionOutbox out = outbox(batched, Map.of("PARLEY_WRITE_DELAY_MILLIS", "20", "PARLEY_PING_INTERVAL_MILLIS",
                "2000", "PARLEY_IDLE_TIMEOUT_MILLIS", "5000"));
        advance(Duration.ofMillis(2000));
        out.offer("one");
        out.drain();

        assertNull(out.check(now));

        assertEquals(1, batched.pings);
        assertEquals(List.of(), batched.sent);
        advance(Duration.ofMillis(20));
        runFlushes();
        assertEquals(List.of("one"), batched.sent);
    }

    @Test
    void aBatchedOutboxStillCountsFramesAgainstItsLimits() {
        SessionOutbox out = outbox(batched, SMALL);
        out.offer("in flight");
        out.drain();
        out.offer("1");
        out.offer("2");
        out.offer("3");

        assertTrue(out.offer("4"));
        out.drain();

        assertEquals(List.of(CloseCause.TOO_SLOW), closes);
        assertEquals(List.of("in flight"), batched.sent);
    }

    private void runFlushes() {
        List<Flush> due = new ArrayList<>(flushes);
        flushes.clear();
        due.forEach(flush -> flush.task().run());
    }

    private void advance(Duration duration) {
        now += duration.toNanos();
    }

    /** A session whose async sends wait for the test; records pings and the close. */
    private static final class FakeSession {
        final String subprotocol;
        final List<String> sent = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        final List<ClassLoader> sendLoaders = new ArrayList<>();
        int pings;
        CloseReason closedWith;

        FakeSession(String subprotocol) {
            this.subprotocol = subprotocol;
        }

        Session proxy() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{RemoteEndpoint.Async.class}, (self, method, args) -> {
                        switch (method.getName()) {
                            case "sendText" -> {
                                sent.add((String) args[0]);
                                pending.add((SendHandler) args[1]);
                                sendLoaders.add(Thread.currentThread().getContextClassLoader());
                            }
                            case "sendPing" -> pings++;
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> remote;
                        case "getId" -> "s-1";
                        case "getNegotiatedSubprotocol" -> subprotocol;
                        case "close" -> {
                            closedWith = (CloseReason) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        void completeOldest() {
            pending.remove(0).onResult(new SendResult());
        }

        void failOldest() {
            pending.remove(0).onResult(new SendResult(new java.io.IOException("broken pipe")));
        }
    }
}
