package dev.parley.application;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames offered under locks, and the peers to drain once every lock is released. Offering under a room's lock keeps
 * every member's queue in seq order; draining after it keeps network I/O out of every lock.
 * <p>
 * A call opens one with {@link Scopes#open()} of the {@link LocalRooms} it offers through, and so does a delivery of
 * the broker's: a broker that delivers inline (the memory broker does, under its own lock) reaches
 * {@link LocalRooms} on the caller's thread, deep inside a {@link ChatService} call, and its offers join that call's
 * fanout, drained when the call lets go of its locks. A delivery on a thread where no call is open (a remote broker's
 * delivery thread) opens the outermost fanout itself.
 */
final class Fanout implements AutoCloseable {

    private final List<Peer> toDrain = new ArrayList<>();
    /** Whose record of this thread's open fanout this is; null for one that nothing joins. */
    private final Scopes scopes;
    private int depth = 1;

    /** A fanout of one caller's, that no delivery joins; its close drains. */
    Fanout() {
        this(null);
    }

    private Fanout(Scopes scopes) {
        this.scopes = scopes;
    }

    /** One {@link LocalRooms}' open fanouts, one per thread at most: what an inline delivery joins. */
    static final class Scopes {

        private final ThreadLocal<Fanout> open = new ThreadLocal<>();

        /** The thread's open fanout, or a new one. Open the outermost one with no lock held: its close drains. */
        Fanout open() {
            Fanout out = open.get();
            if (out == null) {
                out = new Fanout(this);
                open.set(out);
            } else {
                out.depth++;
            }
            return out;
        }
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
        if (scopes != null) {
            scopes.open.remove();
        }
        for (Peer peer : toDrain) {
            peer.drain();
        }
    }
}
