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

/** The outbox against a fake session whose sends complete only when the test says so. */
class SessionOutboxTest {

    private final FakeSession session = new FakeSession();
    private final List<CloseCause> closes = new ArrayList<>();
    private long now = 1_000_000_000_000L;
    private final SessionOutbox outbox = new SessionOutbox(session.proxy(), ParleyConfig.load(Map.of(
            "PARLEY_OUTBOX_FRAMES", "3", "PARLEY_OUTBOX_BYTES", "1024", "PARLEY_SEND_TIMEOUT_MILLIS", "1000",
            "PARLEY_PING_INTERVAL_MILLIS", "2000", "PARLEY_IDLE_TIMEOUT_MILLIS", "5000"), Map.of()),
            ChatMetrics.NONE, () -> now, (outbox, cause) -> closes.add(cause));

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

    private void advance(Duration duration) {
        now += duration.toNanos();
    }

    /** A session whose async sends wait for the test; records pings and the close. */
    private static final class FakeSession {
        final List<String> sent = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        final List<ClassLoader> sendLoaders = new ArrayList<>();
        int pings;
        CloseReason closedWith;

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
