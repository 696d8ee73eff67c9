package dev.parley.transport;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A transport's watch over its open connections: one daemon thread that looks at every connection each tick (the
 * transport's {@code look}: timeouts, pings or heartbeats), and runs the closes that were asked for under locks.
 */
public final class ConnectionWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConnectionWatch.class.getName());

    private final ScheduledExecutorService thread;
    private final String name;

    /**
     * @param name the thread's name, also in log lines
     * @param look what to do every {@code tickMillis}; a failure is logged and the next tick tries again
     */
    public ConnectionWatch(String name, long tickMillis, Runnable look) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread daemon = new Thread(task, name);
            daemon.setDaemon(true);
            return daemon;
        });
        thread.scheduleWithFixedDelay(() -> safely(look), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code close} on the watch's thread, soon: for closes asked for under locks. Inline once stopped. */
    public void later(Runnable close) {
        try {
            thread.execute(() -> safely(close));
        } catch (RejectedExecutionException stopping) {
            close.run();
        }
    }

    /** Stops looking; closes asked for from now on run inline. */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": a look at the open connections failed; trying again on the next tick", e);
        }
    }
}
