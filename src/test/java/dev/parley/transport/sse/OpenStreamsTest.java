package dev.parley.transport.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.application.Transport;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.FrameDecoder;
import dev.parley.testing.Await;
import dev.parley.testing.MemoryChat;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens name open streams only, and a stream nobody posts to goes away; on a real chat, with fake time. */
class OpenStreamsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_IDLE_TIMEOUT_MILLIS", "60000"), Map.of());
    private final FrameDecoder decoder = new FrameDecoder();
    private final OpenStreams streams = new OpenStreams();
    private final Map<OpenStreams.Stream, FakeOutput> wires = new HashMap<>();
    private long now = 5_000_000_000_000L;

    @BeforeEach
    void start() {
        streams.config = config;
        streams.metrics = ChatMetrics.NONE;
        streams.nanoTime = () -> now;
        streams.chat = MemoryChat.start(config, Clock.systemUTC(), () -> now, ChatMetrics.NONE);
        streams.start();
    }

    @AfterEach
    void stop() {
        streams.stop();
    }

    @Test
    void eachStreamGetsItsOwnTokenFirstThenWelcome() {
        FakeOutput wire = new FakeOutput();
        OpenStreams.Stream stream = streams.open(wire, null, null);
        OpenStreams.Stream other = streams.open(new FakeOutput(), null, null);
        stream.wire().onWritePossible();

        assertNotEquals(stream.token(), other.token());
        assertTrue(stream.token().length() >= 24, "144 random bits");
        assertTrue(wire.text().startsWith("event: token\ndata: " + stream.token() + "\n\ndata: {\"type\":\"welcome\""),
                wire.text());
        assertSame(stream, streams.find(stream.token()));
        assertNull(streams.find("not-a-token"));
        assertNull(streams.find(null));
        assertEquals(2, streams.chat.connections().get(Transport.FALLBACK));
    }

    @Test
    void aTokenIsUselessOnceItsStreamHasEndedAndTheConnectionHasLeftItsRooms() throws Exception {
        OpenStreams.Stream ada = opened();
        OpenStreams.Stream bob = opened();
        FakeOutput bobs = wireOf(bob);
        streams.chat.handle(ada.connection(), decoder.decode("{\"type\":\"join\",\"room\":\"r\",\"name\":\"ada\"}"));
        streams.chat.handle(bob.connection(), decoder.decode("{\"type\":\"join\",\"room\":\"r\",\"name\":\"bob\"}"));

        streams.ended(ada); // the container says the client went away

        assertNull(streams.find(ada.token()));
        assertSame(bob, streams.find(bob.token()));
        assertTrue(bobs.text().contains("\"event\":\"leave\",\"user\":\"ada\""), bobs.text());
        assertEquals(1, streams.chat.connections().get(Transport.FALLBACK));
    }

    @Test
    void aConnectionNobodyPostsToForTheIdleTimeoutIsClosed() {
        OpenStreams.Stream quiet = opened();
        OpenStreams.Stream talking = opened();
        FakeOutput wire = wireOf(quiet);

        now += Duration.ofSeconds(40).toNanos();
        talking.outbox().heard(); // what SendServlet does on every POST with the token
        now += Duration.ofSeconds(21).toNanos();
        streams.tick();

        Await.until(TIMEOUT, () -> wire.ended, "the idle stream ends");
        assertTrue(wire.text().endsWith("event: close\ndata: {\"code\":1001,\"reason\":\"no answer to pings\"}\n\n"),
                wire.text());
        assertNull(streams.find(quiet.token()));
        assertSame(talking, streams.find(talking.token()));
    }

    @Test
    void stoppingEndsEveryStreamWithACloseEvent() {
        OpenStreams.Stream stream = opened();
        FakeOutput wire = wireOf(stream);

        streams.stop();

        assertTrue(wire.ended);
        assertTrue(wire.text().endsWith("event: close\ndata: {\"code\":1001,\"reason\":\"server shutting down\"}\n\n"));
        assertNull(streams.find(stream.token()));
    }

    private OpenStreams.Stream opened() {
        FakeOutput wire = new FakeOutput();
        OpenStreams.Stream stream = streams.open(wire, null, null);
        wires.put(stream, wire);
        stream.wire().onWritePossible();
        return stream;
    }

    private FakeOutput wireOf(OpenStreams.Stream stream) {
        return wires.get(stream);
    }
}
