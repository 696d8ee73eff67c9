package dev.parley.broker.redis;

import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.domain.RoomId;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rooms this node is subscribed to, and the routing of what arrives on the pub/sub connection: each room's
 * channel to its {@link RoomFeed}, the canary's channel to the {@link Canary}, and each confirmed (re)subscription to
 * its feed as a re-check of the room's rules. Lettuce calls back on its own threads; a feed only queues there.
 */
final class RoomChannels {

    private static final Logger LOG = Logger.getLogger(RoomChannels.class.getName());

    private final RedisConnection redis;
    private final RedisRoomLog log;
    private final BrokerMetrics metrics;
    private final Canary canary;
    private final String node;
    private final ConcurrentMap<String, RoomFeed> feeds = new ConcurrentHashMap<>();
    private volatile BrokerHandler handler;

    RoomChannels(RedisConnection redis, RedisRoomLog log, Canary canary, String node, BrokerMetrics metrics) {
        this.redis = redis;
        this.log = log;
        this.canary = canary;
        this.node = node;
        this.metrics = metrics;
        redis.pubsub().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String payload) {
                RoomFeed feed = feeds.get(channel);
                if (feed != null) {
                    feed.received(payload);
                } else if (channel.equals(canary.channel())) {
                    canary.received(payload).ifPresent(nanos -> metrics.roundTrip("canary", nanos));
                }
            }

            /**
             * Redis confirmed a subscription, also the one Lettuce makes again after the pub/sub connection came
             * back: removals published while it was gone are lost, so the room's rules are checked again.
             */
            @Override
            public void subscribed(String channel, long count) {
                RoomFeed feed = feeds.get(channel);
                if (feed != null) {
                    feed.recheckRules();
                }
            }
        });
        metrics.observeSubscriptions(feeds::size);
    }

    void register(BrokerHandler handler) {
        this.handler = handler;
    }

    /**
     * Subscribes and waits for Redis's confirmation, then reads the room's position: the feed passes on what comes
     * after it, so a cut read after this returns fits the live stream.
     */
    void subscribe(RoomId room) {
        String channel = new RedisKeys(room).channel();
        RoomFeed feed = new RoomFeed(room, redis.deliveries(), handler, since -> log.after(room, since), metrics);
        feeds.put(channel, feed);
        try {
            redis.await(redis.subscriptions().subscribe(channel));
            RoomFeed.Position head = log.head(room);
            feed.start(head);
        } catch (RuntimeException e) {
            // A feed never started would keep whatever arrives: it goes, and so does the subscription if it was made.
            feeds.remove(channel, feed);
            feed.stop();
            redis.subscriptions().unsubscribe(channel);
            throw e;
        }
    }

    /** Never fails: a room without members here must not keep a departure from happening. */
    void unsubscribe(RoomId room) {
        String channel = new RedisKeys(room).channel();
        RoomFeed feed = feeds.remove(channel);
        if (feed != null) {
            feed.stop();
        }
        redis.subscriptions().unsubscribe(channel).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.fine(() -> "node " + node + ": unsubscribing " + room + " failed (" + failure
                        + "); its events are ignored");
            }
        });
    }

    /**
     * The position of every subscribed room, read in one pipelined round and handed to its feed, so that a message
     * pub/sub lost is read from the stream within one period. With an archive, a room Redis lost is seeded from it
     * first, so that its feed goes on in the same epoch when the archive held everything.
     */
    void checkPositions() {
        Map<RoomFeed, RedisFuture<List<KeyValue<String, String>>>> positions = new HashMap<>();
        Map<RoomFeed, RoomFeed.Position> asked = new HashMap<>();
        feeds.values().forEach(feed -> {
            asked.put(feed, feed.position()); // before the read: what Redis must hold at least
            positions.put(feed, redis.redis().hmget(new RedisKeys(feed.room()).meta(), "seq", "epoch", "rev"));
        });
        positions.forEach((feed, answer) -> {
            List<KeyValue<String, String>> head = redis.await(answer);
            if (!head.get(1).hasValue() && log.archive() != null) {
                // Redis lost the room (it restarted empty): it goes on from the archive, as its next post would.
                try {
                    log.restore(feed.room());
                    head = redis.await(redis.redis().hmget(new RedisKeys(feed.room()).meta(), "seq", "epoch", "rev"));
                } catch (BrokerUnavailableException e) {
                    LOG.log(Level.FINE, "room " + feed.room() + " not seeded from the archive yet", e);
                }
            }
            feed.check(new RoomFeed.Position(head.get(1).hasValue() ? head.get(1).getValue() : "",
                    head.get(0).hasValue() ? Long.parseLong(head.get(0).getValue()) : 0,
                    Long.parseLong(head.get(2).getValueOrElse("0"))), asked.get(feed));
        });
    }

    /** Forgets every feed: nothing more is passed on. */
    void clear() {
        feeds.values().forEach(RoomFeed::stop);
        feeds.clear();
    }
}
