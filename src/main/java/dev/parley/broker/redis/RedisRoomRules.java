package dev.parley.broker.redis;

import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A room's rules in Redis: one hash per room ({@link RedisKeys#rules()}), without a TTL, so that they outlive the
 * room's messages and presence. Fields: {@code access} ({@code public} or {@code private}), {@code m:<subject>} (a
 * membership's role), {@code g:<subject>} (the role a token granted on joining), {@code b:<subject>} (a ban).
 * Answers are stages; the broker awaits them with its timeout.
 */
final class RedisRoomRules {

    private final RedisAsyncCommands<String, String> redis;

    RedisRoomRules(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    CompletionStage<RoomRules> read(RoomId room) {
        return redis.hgetall(new RedisKeys(room).rules()).thenApply(fields -> parse(room, fields));
    }

    CompletionStage<Boolean> setAccess(RoomId room, RoomAccess access) {
        return redis.hset(new RedisKeys(room).rules(), "access", access.wire());
    }

    /** Answers whether the subject had a membership before. */
    CompletionStage<Boolean> setMember(RoomId room, String subject, Role role) {
        return setRole(room, "m:" + subject, role);
    }

    CompletionStage<Boolean> recordGrant(RoomId room, String subject, Role role) {
        return setRole(room, "g:" + subject, role);
    }

    /** Answers whether the subject was not banned before (always true for a kick). */
    CompletionStage<Boolean> remove(RoomId room, String subject, Removal removal) {
        RedisKeys keys = new RedisKeys(room);
        return RedisScripts.run(redis, RedisScripts.REMOVE, new String[] {keys.rules()}, keys.channel(), subject,
                removal.wire()).thenApply(result -> ((Number) result.get(0)).longValue() == 1);
    }

    /** Answers whether the subject was banned. */
    CompletionStage<Boolean> unban(RoomId room, String subject) {
        return redis.hdel(new RedisKeys(room).rules(), "b:" + subject).thenApply(removed -> removed > 0);
    }

    /** Answers whether the field was there before. */
    private CompletionStage<Boolean> setRole(RoomId room, String field, Role role) {
        String key = new RedisKeys(room).rules();
        if (role == null) {
            return redis.hdel(key, field).thenApply(removed -> removed > 0);
        }
        return redis.hset(key, field, role.wire()).thenApply(added -> !added);
    }

    static RoomRules parse(RoomId room, Map<String, String> fields) {
        RoomRules defaults = RoomRules.defaults(room);
        RoomAccess access = fields.containsKey("access") ? RoomAccess.fromWire(fields.get("access"))
                : defaults.access();
        Map<String, Role> members = new HashMap<>();
        Map<String, Role> granted = new HashMap<>();
        Set<String> banned = new HashSet<>();
        fields.forEach((field, value) -> {
            if (field.startsWith("m:")) {
                members.put(field.substring(2), Role.fromWire(value));
            } else if (field.startsWith("g:")) {
                granted.put(field.substring(2), Role.fromWire(value));
            } else if (field.startsWith("b:")) {
                banned.add(field.substring(2));
            }
        });
        return new RoomRules(access, members, granted, banned);
    }
}
