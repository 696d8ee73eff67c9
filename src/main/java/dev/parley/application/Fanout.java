package dev.parley.application;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames offered under locks, and the peers to drain once every lock is released. Offering under a room's lock keeps
 * every member's queue in seq order; draining after it keeps network I/O out of every lock.
 * <p>
 * One fanout is open per thread at a time: a broker that delivers events inline (the memory broker does, under its
 * own lock) reaches {@link LocalRooms} on the caller's thread, deep inside a {@link ChatService} call, and its offers
 * join that call's fanout, drained when the call lets go of its locks. On a thread where no call is open (a remote
 * broker's delivery thread) a delivery opens the outermost fanout itself.
 */
final class Fanout implements AutoCloseable {

    private static final ThreadLocal<Fanout> OPEN = new ThreadLocal<>();

    private final List<Peer> toDrain = new ArrayList<>();
    private int depth;

    private Fanout() {
    }

    /** The thread's open fanout, or a new one. Open the outermost one with no lock held: its close drains. */
    static Fanout open() {
        Fanout out = OPEN.get();
        if (out == null) {
            out = new Fanout();
            OPEN.set(out);
        }
        out.depth++;
        return out;
    }

    void offer(Connection to, String frame) {
        Peer peer = to.peer();
        if (peer.offer(frame)) {
            toDrain.add(peer);
        }
    }

    /** Drains when this closes the outermost scope. */
    @Override
    public void close() {
        if (--depth > 0) {
            return;
        }
        OPEN.remove();
        for (Peer peer : toDrain) {
            peer.drain();
        }
    }
}
