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
import io.lettuce.core.KeyValue;
import io.lettuce.core.ZAddArgs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
            String dedupe = post.clientId() == null ? keys.meta() : keys.clientId(post.author(), post.clientId());
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
        if (!(query instanceof HistoryQuery.Before before)) {
            return history;
        }
        History page = archived.before(room, history, before);
        return page == history ? history : page.withMessages(current(room, page.messages(), history.messages()));
    }

    /**
     * A page completed from the archive, with the messages changed in Redis since the archive wrote them in their
     * current state (the meta's {@code c:<seq>}, kept until the change is archived).
     */
    private List<ChatMessage> current(RoomId room, List<ChatMessage> page, List<ChatMessage> fromRedis) {
        List<ChatMessage> older = page.subList(0, page.size() - fromRedis.size());
        if (older.isEmpty()) {
            return page;
        }
        String[] fields = older.stream().map(message -> "c:" + message.seq()).toArray(String[]::new);
        List<KeyValue<String, String>> changed = redis.await(redis.redis().hmget(new RedisKeys(room).meta(), fields));
        List<ChatMessage> current = new ArrayList<>(page.size());
        for (int i = 0; i < older.size(); i++) {
            current.add(changed.get(i).hasValue() ? RedisEvents.message(room, changed.get(i).getValue()).message()
                    : older.get(i));
        }
        current.addAll(fromRedis);
        return current;
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
        Cut cut = read(room, "after", after.seq(), 0, after.changesAfter());
        History read = cut.history();
        boolean sameEpoch = after.epoch() == null || after.epoch().equals(read.epoch());
        boolean complete = sameEpoch && after.seq() <= read.seq() && read.seq() - after.seq() <= config.historySize()
                && read.messages().size() == read.seq() - after.seq();
        if (!complete) {
            return new History(read.epoch(), read.seq(), List.of(), false, read.rev());
        }
        if (after.changesAfter() < 0) {
            return read;
        }
        List<ChatMessage> changes = cut.changes();
        boolean changesComplete = cut.changesState() == CHANGES_COMPLETE;
        if (cut.changesState() == CHANGES_IN_ARCHIVE && archived != null) {
            changes = withArchived(room, after, changes);
            changesComplete = changes != null;
        }
        return changesComplete ? new History(read.epoch(), read.seq(), read.messages(), true, read.rev(), changes, true)
                : new History(read.epoch(), read.seq(), read.messages(), true, read.rev(), List.of(), false);
    }

    /**
     * The message's current state in the stream, or from the archive when Redis no longer holds it (null without an
     * archive, or when the seq was never numbered or retention removed it).
     */
    ChatMessage message(RoomId room, long seq) {
        Cut cut = read(room, "one", seq, 0);
        if (!cut.entries().isEmpty()) {
            return cut.entries().get(0).message();
        }
        if (archived == null || seq > cut.seq() && !cut.epoch().isEmpty()) {
            return null;
        }
        return RoomSeed.readArchive(() -> seed.archive().message(room, seq));
    }

    /**
     * The changes Redis listed for a recovery, with those the archive holds from before the room was seeded (its
     * {@code cfloor}); null when they are more than {@link History#MAX_CHANGES}.
     */
    private List<ChatMessage> withArchived(RoomId room, HistoryQuery.After after, List<ChatMessage> inRedis) {
        Map<Long, ChatMessage> bySeq = new TreeMap<>();
        RoomSeed.readArchive(() -> seed.archive().changedAfter(room, after.changesAfter(), after.seq(),
                History.MAX_CHANGES + 1)).forEach(message -> bySeq.put(message.seq(), message));
        inRedis.forEach(message -> bySeq.put(message.seq(), message)); // Redis holds the later state
        return bySeq.size() > History.MAX_CHANGES ? null : List.copyOf(bySeq.values());
    }

    /** The room's epoch ("" for a room that does not exist), latest seq and rev. */
    RoomFeed.Position head(RoomId room) {
        Cut cut = read(room, "head", 0, 0);
        return new RoomFeed.Position(cut.epoch(), cut.seq(), cut.rev());
    }

    /** The messages after {@code since} still in the stream, as events, for a feed repairing a gap. */
    List<RoomEvent.Published> after(RoomId room, long since) {
        Cut cut = read(room, "after", since, 0);
        return cut.entries().stream()
                .map(entry -> new RoomEvent.Published(entry.message(), cut.epoch(), entry.origin())).toList();
    }

    /** {@code read.lua}'s changes state: every change asked for is listed. */
    private static final long CHANGES_COMPLETE = 1;
    /** {@code read.lua}'s changes state: the archive holds the changes up to the room's seeded rev (cfloor). */
    private static final long CHANGES_IN_ARCHIVE = 2;

    /**
     * What {@code read.lua} answers: the room's epoch ("" when it does not exist), latest seq, rev, messages, and for
     * a recovery with changes their state (0: too many, 1: complete, 2: the earlier ones are in the archive) and the
     * changed messages.
     */
    private record Cut(String epoch, long seq, long rev, List<RedisEvents.Entry> entries, long changesState,
                       List<ChatMessage> changes) {

        History history() {
            return new History(epoch.isEmpty() ? null : epoch, seq,
                    entries.stream().map(RedisEvents.Entry::message).toList(), true, rev);
        }
    }

    private Cut read(RoomId room, String mode, long seq, int limit) {
        return read(room, mode, seq, limit, -1);
    }

    private Cut read(RoomId room, String mode, long seq, int limit, long changesAfter) {
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = redis.timed("read", RedisScripts.READ, new String[] {keys.meta(), keys.log()}, mode,
                Long.toString(seq), Integer.toString(limit), Long.toString(changesAfter),
                Integer.toString(History.MAX_CHANGES));
        int count = (int) RedisConnection.number(result, 3);
        List<RedisEvents.Entry> entries = result.subList(4, 4 + count).stream()
                .map(json -> RedisEvents.message(room, (String) json)).toList();
        long changesState = result.size() > 4 + count ? RedisConnection.number(result, 4 + count) : CHANGES_COMPLETE;
        List<ChatMessage> changes = result.size() > 5 + count ? result.subList(5 + count, result.size()).stream()
                .map(json -> RedisEvents.message(room, (String) json).message()).toList() : List.of();
        return new Cut((String) result.get(1), RedisConnection.number(result, 0), RedisConnection.number(result, 2),
                entries, changesState, changes);
    }
}
