package dev.parley.broker.redis;

import dev.parley.broker.MessageDeletedException;
import dev.parley.broker.NoSuchMessageException;
import dev.parley.broker.TooManyReactionsException;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Changed;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Reactions;
import dev.parley.domain.RoomId;
import io.lettuce.core.ZAddArgs;
import java.util.List;

/**
 * Edits, deletes and reactions in Redis: one script per change ({@code change.lua}) reads the message's current state,
 * applies the change, counts it in the room's rev and publishes it on the room's channel, atomically, so a change is
 * in Redis before any node delivers it and reaches every node in the room's event order. A message the stream no
 * longer holds is read from the archive and handed to the script as its base. With an archive, the room is marked for
 * the archivers ({@link RedisArchiver}), who write the message's new state behind Redis.
 */
final class RedisChanges {

    private static final long APPLIED = 0;
    private static final long NOOP = 1;
    private static final long NO_SUCH_MESSAGE = -3;
    private static final long DELETED = -4;
    private static final long TOO_MANY_REACTIONS = -5;

    private final RedisConnection redis;
    private final RedisRoomLog log;
    private final RoomSeed seed;

    RedisChanges(RedisConnection redis, RedisRoomLog log, RoomSeed seed) {
        this.redis = redis;
        this.log = log;
        this.seed = seed;
    }

    Changed change(MessageChange change) {
        List<Object> result = run(change, "");
        if (RedisConnection.number(result, 0) == NO_SUCH_MESSAGE && seed.archive() != null) {
            ChatMessage archived = log.message(change.room(), change.seq());
            if (archived != null) {
                result = run(change, RedisEvents.stored(archived));
            }
        }
        long status = RedisConnection.number(result, 0);
        if (status == NO_SUCH_MESSAGE) {
            throw new NoSuchMessageException(change.room(), change.seq());
        }
        if (status == DELETED) {
            throw new MessageDeletedException(change.room(), change.seq());
        }
        if (status == TOO_MANY_REACTIONS) {
            throw new TooManyReactionsException();
        }
        ChatMessage message = RedisEvents.message(change.room(), (String) result.get(2)).message();
        if (status == APPLIED && seed.archive() != null) {
            // Not awaited: a mark lost with this node is found by the archivers' sweep (RedisArchiver).
            redis.redis().zadd(RedisKeys.UNARCHIVED, ZAddArgs.Builder.nx(), System.currentTimeMillis(),
                    change.room().value());
        }
        return new Changed(change, RedisConnection.number(result, 1), message,
                status == APPLIED && RedisConnection.number(result, 3) == 1, status == NOOP);
    }

    private List<Object> run(MessageChange change, String base) {
        RoomId room = change.room();
        RedisKeys keys = new RedisKeys(room);
        String[] args;
        if (change instanceof MessageChange.Edit edit) {
            args = args(keys, "edit", edit.seq(), edit.subject(), "", edit.text(), base);
        } else if (change instanceof MessageChange.React react) {
            args = args(keys, "react", react.seq(), react.subject(), react.name().value(), react.emoji(), base);
        } else {
            args = args(keys, "delete", change.seq(), "", "", "", base);
        }
        return seed.run(room, () -> redis.timed("change", RedisScripts.CHANGE,
                new String[] {keys.meta(), keys.log()}, args));
    }

    /** {@code change.lua}'s arguments, in the order its header lists them. */
    private String[] args(RedisKeys keys, String kind, long seq, String subject, String name, String value,
                          String base) {
        return new String[] {keys.channel(), kind, Long.toString(seq), subject == null ? "" : subject, name, value,
                base, Integer.toString(Reactions.MAX_EMOJI), seed.flag()};
    }
}
