package dev.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.application.Connection;
import dev.parley.application.NewConnection;
import dev.parley.application.Transport;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.FrameDecoder;
import dev.parley.testing.Await;
import dev.parley.testing.MemoryChat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one close path, on a real chat with fake wires and fake time. */
class OpenConnectionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_IDLE_TIMEOUT_MILLIS", "60000"), Map.of());
    private long now = 7_000_000_000_000L;
    private final ChatService chat = MemoryChat.start(config, Clock.systemUTC(), () -> now, ChatMetrics.NONE);
    private final List<CloseCause> closedForCause = new CopyOnWriteArrayList<>();
    private final OpenConnections open = new OpenConnections("test connections", 1000, chat, ChatMetrics.NONE,
            () -> now, (outbox, cause) -> closedForCause.add(cause));

    /** A wire whose sends complete at once; records what it carried and how it ended. */
    private static final class RecordingWire implements Wire {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<CloseCause> ends = new CopyOnWriteArrayList<>();

        @Override
        public void send(String text, Sent done) {
            texts.add(text);
            done.sent();
        }

        @Override
        public void ping(Sent done) {
            done.sent();
        }

        @Override
        public void end(CloseCause cause) {
            ends.add(cause);
        }
    }

    private record Opened(Outbox outbox, RecordingWire wire, Connection connection) {
    }

    private Opened connect() {
        RecordingWire wire = new RecordingWire();
        Outbox outbox = new Outbox(wire, new Delivery(null, Delivery.Batching.NONE, 0, Delivery.Keepalive.WHEN_UNHEARD,
                config.pingIntervalMillis(), null), config, ChatMetrics.NONE, () -> now, null, open::closeLater);
        Connection connection = chat.connect(NewConnection.anonymous(outbox, Transport.WEBSOCKET));
        open.add(outbox, connection);
        return new Opened(outbox, wire, connection);
    }

    private void join(Opened client, String name) throws Exception {
        chat.handle(client.connection(), new FrameDecoder().decode(
                "{\"type\":\"join\",\"room\":\"r\",\"name\":\"" + name + "\"}"));
    }

    @AfterEach
    void stop() {
        open.close();
    }

    @Test
    void aCloseRunsOnceWhoeverAsksAndTheOthersHearOfItFirst() throws Exception {
        Opened ada = connect();
        Opened bob = connect();
        join(ada, "ada");
        join(bob, "bob");

        open.close(ada.outbox(), CloseCause.IDLE);
        open.close(ada.outbox(), CloseCause.TOO_SLOW);
        open.gone(ada.outbox(), 1000);

        assertEquals(List.of(CloseCause.IDLE), ada.wire().ends, "the wire ends once, with the first cause");
        assertEquals(List.of(CloseCause.IDLE), closedForCause, "the transport hears of it once");
        assertNull(open.connection(ada.outbox()));
        assertSame(bob.connection(), open.connection(bob.outbox()));
        assertEquals(1, open.size());
        assertTrue(String.join("", bob.wire().texts).contains("\"event\":\"leave\",\"user\":\"ada\""),
                bob.wire().texts.toString());
        assertEquals(Outbox.State.CLOSED, ada.outbox().state());
    }

    @Test
    void aCloseAskedForUnderALockRunsOnTheWatchThread() {
        Opened ada = connect();

        ada.outbox().close(CloseCause.FLOODING);

        Await.until(TIMEOUT, () -> !ada.wire().ends.isEmpty(), "the watch closes it");
        assertEquals(List.of(CloseCause.FLOODING), ada.wire().ends);
        assertEquals(0, open.size());
    }

    @Test
    void theClientClosingLeavesTheChatWithoutEndingTheWire() {
        Opened ada = connect();

        open.gone(ada.outbox(), 1000);

        assertEquals(List.of(), ada.wire().ends);
        assertEquals(List.of(), closedForCause, "not a close of the server's: no cause");
        assertEquals(0, chat.connections().get(Transport.WEBSOCKET));
        assertEquals(Outbox.State.CLOSED, ada.outbox().state());
    }

    @Test
    void aTickClosesTheConnectionsNotHeardFrom() {
        Opened quiet = connect();
        Opened talking = connect();

        now += Duration.ofSeconds(40).toNanos();
        talking.outbox().heard();
        now += Duration.ofSeconds(21).toNanos();
        open.tick();

        assertEquals(List.of(CloseCause.IDLE), quiet.wire().ends);
        assertEquals(List.of(), talking.wire().ends);
    }

    @Test
    void stoppingEndsEveryConnectionWith1001AndOneOpenedAfterAtOnce() {
        Opened ada = connect();

        open.close();
        Opened late = connect();

        assertEquals(List.of(CloseCause.SHUTDOWN), ada.wire().ends);
        assertEquals(List.of(CloseCause.SHUTDOWN), late.wire().ends);
        assertEquals(0, open.size());
        assertEquals(List.of(CloseCause.SHUTDOWN), closedForCause, "at stop no presence is told: only the late one "
                + "takes the close path");
    }
}
