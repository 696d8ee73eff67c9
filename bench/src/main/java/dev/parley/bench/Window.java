package dev.parley.bench;

/**
 * The measurement window of a step, in {@link System#nanoTime} units: only messages whose intended send time falls
 * inside it are counted in the latency histogram and the expected-delivery check.
 */
final class Window {

    volatile long start = Long.MAX_VALUE;
    volatile long end = Long.MIN_VALUE;

    boolean contains(long intendedNanos) {
        return intendedNanos >= start && intendedNanos < end;
    }

    void close() {
        start = Long.MAX_VALUE;
        end = Long.MIN_VALUE;
    }
}
