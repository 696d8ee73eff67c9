package dev.parley.broker.redis;

import dev.parley.domain.RoomId;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A node's proof that Redis delivers: every {@link #EVERY_MILLIS} the node publishes into a room of its own, through
 * the same script as every message, and waits to receive it on its own pub/sub connection. A node whose last
 * {@link #MISSES_ALLOWED} canaries did not come back accepts messages it cannot deliver: it reports itself not ready,
 * so that a load balancer sends new clients elsewhere.
 */
final class Canary {

    static final int EVERY_MILLIS = 2000;
    static final int MISSES_ALLOWED = 3;

    private final RoomId room;
    private final String channel;
    private final LongSupplier nanoTime;
    private volatile boolean subscribed;

    // guarded by this
    private boolean outstanding;
    private long sentAt;
    private int missed;
    private long lastRoundTrip = -1;

    Canary(RoomId room, LongSupplier nanoTime) {
        this.room = room;
        this.channel = new RedisKeys(room).channel();
        this.nanoTime = nanoTime;
    }

    RoomId room() {
        return room;
    }

    String channel() {
        return channel;
    }

    boolean isSubscribed() {
        return subscribed;
    }

    void subscribed() {
        subscribed = true;
    }

    /** A canary is on its way; the one before it, if it never came back, is missed. */
    synchronized void sent() {
        if (outstanding) {
            missed++;
        }
        outstanding = true;
        sentAt = nanoTime.getAsLong();
    }

    /** @return the round trip, when this is the canary on its way */
    synchronized Optional<Long> received(String payload) {
        if (!outstanding) {
            return Optional.empty();
        }
        outstanding = false;
        missed = 0;
        lastRoundTrip = nanoTime.getAsLong() - sentAt;
        return Optional.of(lastRoundTrip);
    }

    synchronized boolean isDelivering() {
        return missed < MISSES_ALLOWED;
    }

    synchronized String describe() {
        if (missed > 0) {
            return missed + " canaries in a row did not come back";
        }
        return lastRoundTrip < 0 ? "no canary back yet"
                : String.format("last canary round trip %.1f ms", lastRoundTrip / 1e6);
    }
}
