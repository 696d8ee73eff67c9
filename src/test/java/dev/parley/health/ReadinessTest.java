package dev.parley.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final Readiness readiness = new Readiness();

    @Test
    void notReadyBeforeTheApplicationStarted() {
        assertFalse(readiness.isReady());
    }

    @Test
    void readyOnceStartedUntilShutdownBegins() {
        readiness.started(new Object());
        assertTrue(readiness.isReady());

        readiness.stopping(new Object());
        assertFalse(readiness.isReady());
    }
}
