package dev.parley.broker.redis;

import dev.parley.broker.Post;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A node's proof that Redis delivers: every {@link #EVERY_MILLIS} the node publishes into a room of its own, through
 * the same script as every message, and waits to receive it on its own pub/sub connection. A node whose last
 * {@link #MISSES_ALLOWED} canaries did not come back accepts messages it cannot deliver: it reports itself not ready,
 * so that a load balancer sends new clients elsewhere.
 */
final class Canary {

    static final int EVERY_MILLIS = 2000;
    static final int MISSES_ALLOWED = 3;
    private static final Logger LOG = Logger.getLogger(Canary.class.getName());
    private static final UserName CANARY = new UserName("canary");

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

    String channel() {
        return channel;
    }

    /**
     * Sends the next canary through the same script as every message, subscribing first if not yet; the room forgets
     * itself ten periods after the last canary. The one before it, if it never came back, is missed.
     */
    void send(RedisConnection redis, RedisRoomLog log) {
        try {
            sent();
            if (!subscribed) {
                redis.await(redis.subscriptions().subscribe(channel));
                subscribed = true;
            }
            log.publishCanary(new Post(room, CANARY, "canary", null, null), EVERY_MILLIS / 1000 * 10);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "canary of " + room + " not sent");
        }
    }

    private synchronized void sent() {
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
