package dev.parley.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.testing.MemoryChat;
import dev.parley.config.ParleyConfig;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final ChatService CHAT = MemoryChat.start(ParleyConfig.defaults(), ChatMetrics.NONE);

    private final Readiness readiness = new Readiness();

    @Test
    void notReadyBeforeTheApplicationStarted() {
        assertFalse(readiness.isReady());
    }

    @Test
    void notReadyWithoutAChat() {
        readiness.started(new Object(), null);
        assertFalse(readiness.isReady());
    }

    @Test
    void readyOnceStartedUntilShutdownBegins() {
        readiness.started(new Object(), CHAT);
        assertTrue(readiness.isReady());

        readiness.stopping(new Object());
        assertFalse(readiness.isReady());
    }
}
