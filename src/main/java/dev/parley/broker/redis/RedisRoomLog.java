package dev.parley.broker.redis;

import dev.parley.archive.Archive;
import dev.parley.broker.ArchivedHistory;
import dev.parley.broker.BannedException;
import dev.parley.broker.Broker;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Post;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import io.lettuce.core.ZAddArgs;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every room's log in Redis: one script per post ({@code publish.lua}) checks the client id, numbers the message,
 * appends it to the room's stream and publishes it, atomically, so the publish order is the seq order on every node;
 * one script ({@code read.lua}) reads a consistent cut of the log. The same script refuses a post of a subject the
 * room has banned ({@link RedisRoomRules}), so no post is numbered after a ban.
 */
final class RedisRoomLog {

    private final RedisConnection redis;
    private final RoomDirectory directory;
    private final ParleyConfig config;
    private final Supplier<String> newEpoch;
    private final RoomSeed seed;
    /** Where history reads the archive, or null without one. */
    private final ArchivedHistory archived;

    RedisRoomLog(RedisConnection redis, RoomDirectory directory, ParleyConfig config, Supplier<String> newEpoch,
                 RoomSeed seed) {
        this.redis = redis;
        this.seed = seed;
        this.archived = seed.archive() == null ? null : new ArchivedHistory(seed.archive());
        this.directory = directory;
        this.config = config;
        this.newEpoch = newEpoch;
    }

    Publication publish(Post post) {
        directory.admit(post.room());
        PublishCall call = new PublishCall(post, config.historySize(), config.dedupeSeconds(),
                config.emptyRoomSeconds());
        List<Object> result = seed.run(post.room(), () -> redis.timed("publish", RedisScripts.PUBLISH, call.keys(),
                call.args(newEpoch.get(), seed.flag())));
        if (RedisConnection.number(result, 0) == -1) {
            throw new BannedException(post.room());
        }
        if (archived != null && RedisConnection.number(result, 0) == 0) {
            // Not awaited: a mark lost with this node is found by the archivers' sweep (RedisArchiver).
            redis.redis().zadd(RedisKeys.UNARCHIVED, ZAddArgs.Builder.nx(), System.currentTimeMillis(),
                    post.room().value());
        }
        directory.used(post.room(), RedisConnection.number(result, 4) == 1);
        ChatMessage message = new ChatMessage(post.room(), RedisConnection.number(result, 1), post.clientId(),
                post.user(), post.text(), Instant.ofEpochMilli(Long.parseLong((String) result.get(2))), post.subject());
        return new Publication(message, (String) result.get(3), RedisConnection.number(result, 0) == 1);
    }

    /**
     * Publishes a canary through the same script as every message, into a room that keeps one message and forgets
     * itself {@code forgetSeconds} after the last one.
     */
    void publishCanary(Post canary, int forgetSeconds) {
        PublishCall call = new PublishCall(canary, 1, 0, forgetSeconds);
        redis.run(RedisScripts.PUBLISH, call.keys(), call.args(newEpoch.get(), "0"));
    }

    /**
     * The arguments of {@code publish.lua}, named in one place (the script's header lists them in this order).
     *
     * @param dedupeSeconds how long the user's client id is remembered (0: never)
     */
    private record PublishCall(Post post, int historySize, int dedupeSeconds, int emptyRoomSeconds) {

        String[] keys() {
            RedisKeys keys = new RedisKeys(post.room());
            String dedupe = post.clientId() == null ? keys.meta() : keys.clientId(post.user(), post.clientId());
            return new String[] {keys.meta(), keys.log(), dedupe, keys.presence(), keys.rules()};
        }

        /** @param archived "1" when the room is archived behind Redis ({@link RoomSeed#flag}) */
        String[] args(String newEpoch, String archived) {
            return new String[] {new RedisKeys(post.room()).channel(), post.user().value(), post.text(),
                    orEmpty(post.clientId()), orEmpty(post.origin()), Integer.toString(historySize),
                    Integer.toString(dedupeSeconds), newEpoch, Integer.toString(emptyRoomSeconds),
                    orEmpty(post.subject()), archived};
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value;
        }
    }

    /** Seeds a room Redis does not hold from the archive ({@link RoomSeed}). */
    void restore(RoomId room) {
        seed.restore(room);
    }

    /** The archive behind Redis, or null. */
    Archive archive() {
        return seed.archive();
    }

    History history(RoomId room, HistoryQuery query) {
        History history = historyInRedis(room, query);
        if (archived == null) {
            return history;
        }
        if (history.epoch() == null && !(query instanceof HistoryQuery.After)) {
            return archived.notInLog(room, query);
        }
        return query instanceof HistoryQuery.Before before ? archived.before(room, history, before) : history;
    }

    /** {@link Broker#search} on the archive, or unsupported without one. */
    List<ChatMessage> search(RoomId room, String query, long before, int limit) {
        if (archived == null) {
            throw new UnsupportedOperationException("search needs the server's archive");
        }
        return archived.search(room, query, before, limit);
    }

    private History historyInRedis(RoomId room, HistoryQuery query) {
        // The stream may hold more than historySize (messages the archive lacks): latest and recovery read that window.
        if (query instanceof HistoryQuery.Latest latest) {
            return read(room, "latest", 0, Math.min(latest.limit(), config.historySize())).history();
        }
        if (query instanceof HistoryQuery.Before before) {
            return read(room, "before", before.seq(), before.limit()).history();
        }
        HistoryQuery.After after = (HistoryQuery.After) query;
        History read = read(room, "after", after.seq(), 0).history();
        boolean sameEpoch = after.epoch() == null || after.epoch().equals(read.epoch());
        boolean complete = sameEpoch && after.seq() <= read.seq() && read.seq() - after.seq() <= config.historySize()
                && read.messages().size() == read.seq() - after.seq();
        return new History(read.epoch(), read.seq(), complete ? read.messages() : List.of(), complete);
    }

    /** The room's epoch ("" for a room that does not exist) and latest seq. */
    RoomFeed.Position head(RoomId room) {
        Cut cut = read(room, "head", 0, 0);
        return new RoomFeed.Position(cut.epoch(), cut.seq());
    }

    /** The messages after {@code since} still in the stream, as events, for a feed repairing a gap. */
    List<RoomEvent.Published> after(RoomId room, long since) {
        Cut cut = read(room, "after", since, 0);
        return cut.entries().stream()
                .map(entry -> new RoomEvent.Published(entry.message(), cut.epoch(), entry.origin())).toList();
    }

    /** What {@code read.lua} answers: the room's epoch ("" when it does not exist), latest seq, and messages. */
    private record Cut(String epoch, long seq, List<RedisEvents.Entry> entries) {

        History history() {
            return new History(epoch.isEmpty() ? null : epoch, seq,
                    entries.stream().map(RedisEvents.Entry::message).toList(), true);
        }
    }

    private Cut read(RoomId room, String mode, long seq, int limit) {
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = redis.timed("read", RedisScripts.READ, new String[] {keys.meta(), keys.log()}, mode,
                Long.toString(seq), Integer.toString(limit));
        List<RedisEvents.Entry> entries = result.subList(2, result.size()).stream()
                .map(json -> RedisEvents.message(room, (String) json)).toList();
        return new Cut((String) result.get(1), RedisConnection.number(result, 0), entries);
    }
}
