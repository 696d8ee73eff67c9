package dev.parley.broker.redis;

import dev.parley.broker.RoomLimitException;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rooms exist, cluster-wide: a sorted set of room names ({@code parley:rooms}), for listing them and for
 * {@code maxRooms}. A room's keys expire by themselves; a listed room whose meta is gone is dropped when next listed.
 */
final class RoomDirectory {

    private final RedisConnection redis;
    private final int maxRooms;
    /** Rooms this node has seen exist: for these, no check against maxRooms. */
    private final Set<RoomId> known = ConcurrentHashMap.newKeySet();

    RoomDirectory(RedisConnection redis, int maxRooms) {
        this.redis = redis;
        this.maxRooms = maxRooms;
    }

    /**
     * Lets a room be used: one this node has not seen is checked against {@code maxRooms}.
     *
     * @throws RoomLimitException when the room does not exist and no more rooms may be made
     */
    void admit(RoomId room) {
        RedisAsyncCommands<String, String> commands = redis.redis();
        if (!known.contains(room) && redis.await(commands.zscore(RedisKeys.ROOMS, room.value())) == null
                && redis.await(commands.zcard(RedisKeys.ROOMS)) >= maxRooms) {
            list(); // forgets rooms that expired
            if (redis.await(commands.zcard(RedisKeys.ROOMS)) >= maxRooms) {
                throw new RoomLimitException(maxRooms);
            }
        }
    }

    /** A script used the room; {@code created} says whether it made the room's meta. */
    void used(RoomId room, boolean created) {
        boolean first = known.add(room);
        if (created || first) {
            redis.redis().zadd(RedisKeys.ROOMS, System.currentTimeMillis(), room.value());
        }
    }

    /** Every room with its present names and latest seq, by name. */
    List<RoomSummary> list() {
        RedisAsyncCommands<String, String> commands = redis.redis();
        List<RoomId> rooms = redis.await(commands.zrange(RedisKeys.ROOMS, 0, -1)).stream().map(RoomId::new).toList();
        List<RedisFuture<List<KeyValue<String, String>>>> metas = new ArrayList<>();
        List<RedisFuture<Long>> counts = new ArrayList<>();
        for (RoomId room : rooms) {
            RedisKeys keys = new RedisKeys(room);
            metas.add(commands.hmget(keys.meta(), "seq"));
            counts.add(commands.hlen(keys.users()));
        }
        List<RoomSummary> summaries = new ArrayList<>();
        for (int i = 0; i < rooms.size(); i++) {
            KeyValue<String, String> seq = redis.await(metas.get(i)).get(0);
            long members = redis.await(counts.get(i));
            if (seq.hasValue()) {
                summaries.add(new RoomSummary(rooms.get(i), (int) members, Long.parseLong(seq.getValue())));
            } else {
                commands.zrem(RedisKeys.ROOMS, rooms.get(i).value()); // expired: made again, it is added again
                known.remove(rooms.get(i));
            }
        }
        summaries.sort(null);
        return summaries;
    }
}
