package dev.parley.application;

import java.util.function.LongSupplier;

/** A token bucket: {@code ratePerSecond} tokens a second, at most {@code capacity} saved up. Thread-safe. */
final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacity;
    private final long nanosPerToken;
    private final LongSupplier nanoTime;
    /** Tokens are counted in nanoseconds of refill time, so refilling needs no division. */
    private long storedNanos;
    private long lastRefill;

    TokenBucket(int ratePerSecond, int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanosPerToken = NANOS_PER_SECOND / ratePerSecond;
        this.nanoTime = nanoTime;
        this.lastRefill = nanoTime.getAsLong();
        this.storedNanos = capacity * nanosPerToken;
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        storedNanos = Math.min(capacity * nanosPerToken, storedNanos + (now - lastRefill));
        lastRefill = now;
        if (storedNanos < nanosPerToken) {
            return false;
        }
        storedNanos -= nanosPerToken;
        return true;
    }
}
