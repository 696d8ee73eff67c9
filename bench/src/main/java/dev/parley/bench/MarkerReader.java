package dev.parley.bench;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The "reads" scenario's readers: every member sends {@code read} for the last seq it received, once per second,
 * spread evenly over the second (docs/protocol.md, "Read markers and unread counts"), as a page that marks what it
 * shows does at chat rates. A member that received nothing new since its last read sends nothing.
 */
final class MarkerReader implements Runnable {

    private final List<WsConn> members;
    private final String room;
    private final Thread thread = new Thread(this, "marker-reader");
    private final long[] sent;
    private volatile boolean running = true;
    volatile long reads;

    MarkerReader(List<WsConn> members, String room) {
        this.members = members;
        this.room = room;
        this.sent = new long[members.size()];
        thread.setDaemon(true);
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
        long interval = 1_000_000_000L / Math.max(1, members.size());
        long start = System.nanoTime();
        for (long k = 0; running; k++) {
            long due = start + k * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int i = (int) (k % members.size());
            WsConn member = members.get(i);
            long seq = member.lastSeq; // written by the loop thread; a stale value only reads a little less
            if (member.isOpen() && seq > sent[i]) {
                member.sendText("{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":" + seq + "}");
                sent[i] = seq;
                reads++;
            }
        }
    }
}
