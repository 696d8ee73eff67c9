package dev.parley.broker.redis;

import dev.parley.archive.ArchiveLag;
import dev.parley.domain.RoomId;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures how far the archive is behind Redis, over every room listed in {@code parley:rooms} or marked
 * unarchived: the messages after each room's cursor, and the age of the oldest of them. A room found behind, in its
 * messages or its changes ({@code rev} past {@code carch}), is marked again, so that a mark lost with the node that
 * published is made good within a sweep.
 */
final class LagProbe {

    private final RedisConnection redis;
    private volatile ArchiveLag lag = ArchiveLag.NONE;

    LagProbe(RedisConnection redis) {
        this.redis = redis;
    }

    /** The lag the last sweep measured. */
    ArchiveLag lag() {
        return lag;
    }

    void sweep() {
        RedisAsyncCommands<String, String> commands = redis.redis();
        Set<String> rooms = new LinkedHashSet<>(redis.await(commands.zrange(RedisKeys.ROOMS, 0, -1)));
        rooms.addAll(redis.await(commands.zrange(RedisKeys.UNARCHIVED, 0, -1)));
        List<RoomId> ids = rooms.stream().map(RoomId::new).toList();
        List<RedisFuture<List<KeyValue<String, String>>>> heads = new ArrayList<>();
        for (RoomId room : ids) {
            heads.add(commands.hmget(new RedisKeys(room).meta(), "seq", "arch", "rev", "carch"));
        }
        long messages = 0;
        List<RoomId> behind = new ArrayList<>();
        List<RedisFuture<List<StreamMessage<String, String>>>> oldest = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            List<KeyValue<String, String>> head = redis.await(heads.get(i));
            long seq = Long.parseLong(head.get(0).getValueOrElse("0"));
            long arch = Long.parseLong(head.get(1).getValueOrElse("0"));
            if (seq <= arch && Long.parseLong(head.get(2).getValueOrElse("0"))
                    > Long.parseLong(head.get(3).getValueOrElse("0"))) {
                // only changes (edits, deletes, reactions) are behind: marked again, not counted as messages
                commands.zadd(RedisKeys.UNARCHIVED, ZAddArgs.Builder.nx(), System.currentTimeMillis(),
                        ids.get(i).value());
            }
            if (seq > arch) {
                messages += seq - arch;
                RoomId room = ids.get(i);
                commands.zadd(RedisKeys.UNARCHIVED, ZAddArgs.Builder.nx(), System.currentTimeMillis(), room.value());
                behind.add(room);
                oldest.add(commands.xrange(new RedisKeys(room).log(),
                        Range.from(Range.Boundary.excluding("0-" + arch), Range.Boundary.unbounded()), Limit.from(1)));
            }
        }
        long now = System.currentTimeMillis();
        long oldestMillis = now;
        for (int i = 0; i < oldest.size(); i++) {
            List<StreamMessage<String, String>> entries = redis.await(oldest.get(i));
            if (!entries.isEmpty()) {
                String json = entries.get(0).getBody().get("m");
                oldestMillis = Math.min(oldestMillis, RedisEvents.message(behind.get(i), json).message().ts()
                        .toEpochMilli());
            }
        }
        lag = new ArchiveLag(messages, (now - oldestMillis) / 1000.0);
    }
}
