package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.transport.Outbox;
import dev.parley.transport.OutboxContract;
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
 * The outbox on a WebSocket session ({@link OutboxContract}), against a fake session whose sends complete only when
 * the test says so, and a fake timer that runs delayed sends only when the test says so; then what is the WebSocket
 * wire's own: pings, close frames, the class loader, {@code parley.batch} and the write delay.
 */
class SessionWireTest extends OutboxContract {

    private final FakeSession session = new FakeSession("");
    private final List<Flush> flushes = new ArrayList<>();
    private final Outbox outbox = outbox(session, SMALL);
    private final FakeSession batched = new FakeSession(ChatHandshake.BATCH);
    /** The session of the contract's outbox. */
    private FakeSession contract;

    /** A delayed send the outbox asked for. */
    private record Flush(Runnable task, long delayNanos) {
    }

    @Override
    protected Outbox open(Map<String, String> environment) {
        contract = new FakeSession("");
        contract.auto = true;
        return outbox(contract, environment);
    }

    @Override
    protected void hold() {
        contract.auto = false;
    }

    @Override
    protected void release() {
        contract.auto = true;
        while (!contract.pending.isEmpty()) {
            contract.completeOldest();
        }
    }

    @Override
    protected void failSends() {
        contract.failing = true;
        while (!contract.pending.isEmpty()) {
            contract.failOldest();
        }
    }

    @Override
    protected List<String> frames() {
        return contract.sent;
    }

    @Override
    protected int keepalives() {
        return contract.pings;
    }

    @Override
    protected boolean ended() {
        return contract.closedWith != null;
    }

    /** The outbox of a session that negotiated parley.batch. */
    private Outbox batchedOutbox(int writeDelayMillis) {
        return outbox(batched, Map.of("PARLEY_WRITE_DELAY_MILLIS", String.valueOf(writeDelayMillis)));
    }

    private Outbox outbox(FakeSession on, Map<String, String> environment) {
        ParleyConfig config = ParleyConfig.load(environment, Map.of());
        Session proxy = on.proxy();
        return new Outbox(new SessionWire(proxy), OpenSessions.delivery(ChatHandshake.BATCH.equals(on.subprotocol), config), config, ChatMetrics.NONE,
                () -> now, (task, delay) -> flushes.add(new Flush(task, delay)), (outbox, cause) -> closes.add(cause));
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
    void closingSendsTheCodeAndReasonAndDropsTheQueue() {
        outbox.offer("in flight");
        outbox.drain();
        outbox.offer("queued");

        outbox.end(CloseCause.SHUTDOWN);

        assertEquals(1001, session.closedWith.getCloseCode().getCode());
        assertEquals("server shutting down", session.closedWith.getReasonPhrase());
        session.completeOldest();
        assertEquals(List.of("in flight"), session.sent);
    }

    @Test
    void aPlainSessionGetsOneFramePerTextEvenWhenFramesPileUp() {
        Outbox plain = outbox(session, Map.of("PARLEY_WRITE_DELAY_MILLIS", "50"));
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
        Outbox out = batchedOutbox(0);

        assertTrue(out.offer("{\"type\":\"ack\"}"));
        assertTrue(out.offer("{\"type\":\"message\"}"), "nothing in flight yet: the caller drains");
        out.drain();

        assertEquals(List.of("{\"type\":\"ack\"}\n{\"type\":\"message\"}"), batched.sent);
    }

    @Test
    void aBatchedSessionSendsALoneFrameAsItIs() {
        Outbox out = batchedOutbox(0);

        out.offer("one");
        out.drain();

        assertEquals(List.of("one"), batched.sent);
    }

    @Test
    void framesQueuedBehindTheSendInFlightLeaveTogetherWhenItCompletes() {
        Outbox out = batchedOutbox(0);
        out.offer("one");
        out.drain();
        assertFalse(out.offer("two"));
        assertFalse(out.offer("three"));

        batched.completeOldest();

        assertEquals(List.of("one", "two\nthree"), batched.sent);
    }

    @Test
    void aBatchedTextHoldsAtMostTheCapNewlinesIncluded() {
        Outbox out = batchedOutbox(0);
        String a = "a".repeat(32_767);
        String b = "b".repeat(32_768); // a + newline + b is exactly the cap
        String c = "c";
        out.offer(a);
        out.offer(b);
        out.offer(c);
        out.drain();
        batched.completeOldest();

        assertEquals(List.of(a + "\n" + b, c), batched.sent);
        assertEquals(Outbox.BATCH_CHARS, batched.sent.get(0).length());
    }

    @Test
    void aFrameLargerThanTheCapGoesAlone() {
        Outbox out = batchedOutbox(0);
        String huge = "h".repeat(Outbox.BATCH_CHARS + 1);
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
        Outbox out = batchedOutbox(0);
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
            assertTrue(text.length() <= Outbox.BATCH_CHARS, "over the cap: " + text.length());
            received.addAll(List.of(text.split("\n")));
        }
        assertEquals(frames, received);
        assertTrue(batched.sent.size() < frames.size() / 10, batched.sent.size() + " texts for 500 frames");
    }

    @Test
    void withoutAWriteDelayNothingWaits() {
        Outbox out = batchedOutbox(0);

        out.offer("one");
        out.drain();

        assertEquals(List.of("one"), batched.sent);
        assertTrue(flushes.isEmpty());
    }

    @Test
    void aWriteDelayHoldsTheFirstFrameThatLongAndSendsWhatJoinedIt() {
        Outbox out = batchedOutbox(20);

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
        Outbox out = batchedOutbox(20);
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
        Outbox out = batchedOutbox(20);
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
        Outbox out = batchedOutbox(20);
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
        Outbox out = outbox(batched, Map.of("PARLEY_WRITE_DELAY_MILLIS", "20", "PARLEY_PING_INTERVAL_MILLIS",
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
        Outbox out = outbox(batched, SMALL);
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

    /** A session whose async sends wait for the test; records pings and the close. */
    private static final class FakeSession {
        final String subprotocol;
        final List<String> sent = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        final List<ClassLoader> sendLoaders = new ArrayList<>();
        int pings;
        CloseReason closedWith;
        /** Sends complete as they are made, on the sending thread. */
        boolean auto;
        /** Sends fail as they are made. */
        boolean failing;

        FakeSession(String subprotocol) {
            this.subprotocol = subprotocol;
        }

        Session proxy() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{RemoteEndpoint.Async.class}, (self, method, args) -> {
                        switch (method.getName()) {
                            case "sendText" -> {
                                sendLoaders.add(Thread.currentThread().getContextClassLoader());
                                SendHandler handler = (SendHandler) args[1];
                                if (failing) {
                                    handler.onResult(new SendResult(new java.io.IOException("broken pipe")));
                                    return null;
                                }
                                sent.add((String) args[0]);
                                if (auto) {
                                    handler.onResult(new SendResult());
                                } else {
                                    pending.add(handler);
                                }
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
