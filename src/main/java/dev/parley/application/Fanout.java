package dev.parley.application;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames offered under a lock, and the peers to drain once the lock is released. Offering under the room's lock keeps
 * every member's queue in seq order; draining after it keeps network I/O out of the lock.
 */
final class Fanout {

    private final List<Peer> toDrain = new ArrayList<>();

    void offer(Connection to, String frame) {
        Peer peer = to.peer();
        if (peer.offer(frame)) {
            toDrain.add(peer);
        }
    }

    /** Call with no lock held. */
    void drain() {
        for (Peer peer : toDrain) {
            peer.drain();
        }
        toDrain.clear();
    }
}
