package dev.parley.transport;

/** Runs a task once, after a delay: the write delay's timer. */
@FunctionalInterface
public interface FlushTimer {

    void flushIn(Runnable flush, long delayNanos);
}
