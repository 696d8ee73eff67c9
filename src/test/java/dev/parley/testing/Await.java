package dev.parley.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that something else makes true, looking every few milliseconds, failing after a timeout. */
public final class Await {

    private static final long LOOK_EVERY_NANOS = 20_000_000L;

    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> what + " did not happen within " + timeout);
            LockSupport.parkNanos(LOOK_EVERY_NANOS);
        }
    }
}
