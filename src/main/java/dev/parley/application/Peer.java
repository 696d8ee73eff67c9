package dev.parley.application;

import dev.parley.protocol.CloseCause;

/**
 * Where a connection's frames go: a bounded queue in front of the network. Offering is cheap and never does I/O, so
 * a room may offer while it holds its lock; the I/O starts in {@link #drain()}, which callers run after letting go of
 * every lock.
 */
public interface Peer {

    /**
     * Queues an encoded frame.
     *
     * @return true when the caller must call {@link #drain()} once it holds no lock (a send must be started, or the
     *         queue overflowed and the peer must be cut off)
     */
    boolean offer(String frame);

    /** Starts sending what is queued, or cuts the peer off if its queue overflowed. Never blocks on the network. */
    void drain();

    /** Drops what is queued and accepts nothing more: the connection is gone. */
    void discard();

    /**
     * Asks for the connection to be closed for {@code cause}: it leaves its rooms and its outbox is dropped. Returns at
     * once; the closing happens elsewhere, so callers may hold locks.
     */
    void close(CloseCause cause);
}
