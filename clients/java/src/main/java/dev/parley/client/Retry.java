package dev.parley.client;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One retry at a time, after {@code unavailableRetry} to twice that (jittered, so that the clients a server turned away
 * together do not come back together). On the client's thread.
 */
final class Retry {

    private final ScheduledExecutorService executor;
    private final Duration base;
    private ScheduledFuture<?> pending;

    Retry(ScheduledExecutorService executor, Duration base) {
        this.executor = executor;
        this.base = base;
    }

    /** Runs {@code task} later, unless a retry is pending already. */
    void later(Runnable task) {
        if (pending == null || pending.isDone()) {
            pending = executor.schedule(task, (long) (base.toMillis() * (1 + Math.random())), TimeUnit.MILLISECONDS);
        }
    }

    void cancel() {
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
