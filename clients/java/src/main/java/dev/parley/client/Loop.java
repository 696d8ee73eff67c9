package dev.parley.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The client's one thread: every frame, timer and state change of a client runs on it, one at a time, so the client's
 * state needs no lock and no lock is ever held during I/O. A daemon thread: an open client does not keep a JVM alive.
 */
final class Loop implements Executor {

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    Loop() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "parley-client");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    /** Runs {@code task} on the loop; nothing once the client is closed. */
    @Override
    public void execute(Runnable task) {
        offer(task);
    }

    /** Runs {@code task} on the loop: false when the client is closed and it will never run. */
    boolean offer(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /** Runs {@code task} on the loop; when the client is closed, {@code answer} fails with {@code closed} instead. */
    void run(CompletableFuture<?> answer, Runnable task) {
        if (!offer(task)) {
            answer.completeExceptionally(new ParleyException("closed", "the client was closed", null));
        }
    }

    /** {@code task}'s answer, computed on the loop (at once when called there, else waiting for it). */
    <T> T call(Supplier<T> task) {
        if (Thread.currentThread() == thread || executor.isShutdown()) {
            return task.get();
        }
        try {
            return CompletableFuture.supplyAsync(task, executor).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the client", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs {@code last} on the loop, then stops it: timers scheduled meanwhile never run. */
    void shutdownAfter(Runnable last) {
        execute(() -> {
            last.run();
            executor.shutdown();
        });
    }

    /** Waits (not on the loop itself) until the loop has stopped, at most {@code millis}. */
    void awaitStop(long millis) {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean closed() {
        return executor.isShutdown();
    }
}
