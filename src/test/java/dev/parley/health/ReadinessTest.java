package dev.parley.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.broker.memory.MemoryBroker;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final MemoryBroker BROKER = new MemoryBroker(ParleyConfig.defaults(), Clock.systemUTC(),
            System::nanoTime, RandomId::next);
    private static final ChatService CHAT = new ChatService(ParleyConfig.defaults(), BROKER, ChatMetrics.NONE,
            System::nanoTime);

    private final Readiness readiness = new Readiness();

    @Test
    void notReadyBeforeTheApplicationStarted() {
        assertFalse(readiness.isReady());
    }

    @Test
    void notReadyWithoutAChat() {
        readiness.started(new Object(), null, BROKER);
        assertFalse(readiness.isReady());
    }

    @Test
    void readyOnceStartedUntilShutdownBegins() {
        readiness.started(new Object(), CHAT, BROKER);
        assertTrue(readiness.isReady());

        readiness.stopping(new Object());
        assertFalse(readiness.isReady());
    }
}
