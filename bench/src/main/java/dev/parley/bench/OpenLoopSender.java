package dev.parley.bench;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends messages at a fixed total rate, round-robin over its sender connections, on its own thread. Message k is due
 * at {@code start + k / rate}; each carries its due time ("t=<nanos>") rather than the time it actually left, so a
 * sender held up by a slow server does not hide the delay (no coordinated omission).
 */
final class OpenLoopSender implements Runnable {

    /**
     * Message ids, unique over the whole load generator: Parley deduplicates by id (a resent id gets the original ack
     * and no delivery), so ids must not start again at 0 with every step's sender.
     */
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    private final List<WsConn> senders;
    /** Deliveries each sender's message is expected to make to measured members (its room's measured size). */
    private final int[] measuredMembers;
    private final double ratePerSecond;
    private final Window window;
    private final String padding;
    private final Thread thread;
    private volatile boolean running = true;
    volatile long sent;
    volatile long expectedInWindow;
    volatile long sentInWindow;
    /** How far behind schedule the sender fell at worst, in ms (the client's own saturation). */
    volatile double maxLagMillis;

    OpenLoopSender(List<WsConn> senders, int[] measuredMembers, double ratePerSecond, Window window, int padChars) {
        this.senders = senders;
        this.measuredMembers = measuredMembers;
        this.ratePerSecond = ratePerSecond;
        this.window = window;
        this.padding = padChars > 0 ? ";" + "x".repeat(padChars) : "";
        this.thread = new Thread(this, "sender");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    @Override
    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer: this thread
    public void run() {
        double intervalNanos = 1e9 / ratePerSecond;
        long start = System.nanoTime();
        long k = 0;
        int n = senders.size();
        while (running) {
            long due = start + (long) (k * intervalNanos);
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                continue;
            }
            double lag = (now - due) / 1e6;
            if (lag > maxLagMillis) {
                maxLagMillis = lag;
            }
            int s = (int) (k % n);
            WsConn conn = senders.get(s);
            if (conn.isOpen()) {
                conn.sendText("{\"type\":\"message\",\"room\":\"" + conn.room + "\",\"text\":\"t=" + due + ";k=" + k
                        + padding + "\",\"id\":\"" + Long.toString(IDS.getAndIncrement(), 36) + "\"}");
                sent++;
                if (window.contains(due)) {
                    sentInWindow++;
                    expectedInWindow += measuredMembers[s];
                }
            }
            k++;
        }
    }
}
