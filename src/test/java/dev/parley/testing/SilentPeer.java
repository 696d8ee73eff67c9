package dev.parley.testing;

import dev.parley.application.Peer;
import dev.parley.protocol.CloseCause;

/** A peer that takes every frame and sends nothing: for tests that count connections, not frames. */
public final class SilentPeer implements Peer {

    @Override
    public boolean offer(String frame) {
        return false;
    }

    @Override
    public void drain() {
    }

    @Override
    public void discard() {
    }

    @Override
    public void close(CloseCause cause) {
    }
}
