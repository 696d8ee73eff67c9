package dev.parley.application;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A {@code System.nanoTime} that moves only when a test says so. */
final class FakeNanoTime implements LongSupplier {

    /** Any origin will do; a large one checks that only differences matter. */
    private long now = 8_000_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }
}
