package dev.parley.broker.redis;

import dev.parley.broker.BannedException;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Post;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
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

    RedisRoomLog(RedisConnection redis, RoomDirectory directory, ParleyConfig config, Supplier<String> newEpoch) {
        this.redis = redis;
        this.directory = directory;
        this.config = config;
        this.newEpoch = newEpoch;
    }

    Publication publish(Post post) {
        directory.admit(post.room());
        PublishCall call = new PublishCall(post, config.historySize(), config.dedupeSeconds(),
                config.emptyRoomSeconds());
        List<Object> result = redis.timed("publish", RedisScripts.PUBLISH, call.keys(), call.args(newEpoch.get()));
        if (RedisConnection.number(result, 0) == -1) {
            throw new BannedException(post.room());
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
        redis.run(RedisScripts.PUBLISH, call.keys(), call.args(newEpoch.get()));
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

        String[] args(String newEpoch) {
            return new String[] {new RedisKeys(post.room()).channel(), post.user().value(), post.text(),
                    orEmpty(post.clientId()), orEmpty(post.origin()), Integer.toString(historySize),
                    Integer.toString(dedupeSeconds), newEpoch, Integer.toString(emptyRoomSeconds),
                    orEmpty(post.subject())};
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value;
        }
    }

    History history(RoomId room, HistoryQuery query) {
        if (query instanceof HistoryQuery.Latest latest) {
            return read(room, "latest", 0, latest.limit()).history();
        }
        if (query instanceof HistoryQuery.Before before) {
            return read(room, "before", before.seq(), before.limit()).history();
        }
        HistoryQuery.After after = (HistoryQuery.After) query;
        History read = read(room, "after", after.seq(), 0).history();
        boolean sameEpoch = after.epoch() == null || after.epoch().equals(read.epoch());
        boolean complete = sameEpoch && after.seq() <= read.seq()
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
