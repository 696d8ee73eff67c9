package dev.parley.broker.redis;

import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every room's rules in Redis: one hash per room ({@link RedisKeys#rules()}), without a TTL, so that they outlive the
 * room's messages and presence. Fields: {@code access} ({@code public} or {@code private}), {@code m:<subject>} (a
 * membership's role), {@code g:<subject>} (the role a token granted on joining), {@code b:<subject>} (a ban). A kick
 * or ban runs {@code remove.lua}, which records a ban and publishes the removal on the room's channel in one step;
 * {@code publish.lua} refuses a banned subject's post ({@link RedisRoomLog}).
 */
final class RedisRoomRules {

    private final RedisConnection redis;

    RedisRoomRules(RedisConnection redis) {
        this.redis = redis;
    }

    RoomRules read(RoomId room) {
        return parse(room, redis.await(redis.redis().hgetall(new RedisKeys(room).rules())));
    }

    /** Making the room private makes every node re-check its connections there ({@link Removal#REVOKED}). */
    void setAccess(RoomId room, RoomAccess access) {
        redis.await(redis.redis().hset(new RedisKeys(room).rules(), "access", access.wire()));
        if (access == RoomAccess.PRIVATE) {
            remove(room, null, Removal.REVOKED);
        }
    }

    /**
     * Taking a membership away makes every node re-check the subject's connections ({@link Removal#REVOKED}).
     *
     * @return whether the subject had a membership before
     */
    boolean setMember(RoomId room, String subject, Role role) {
        boolean had = setRole(room, "m:" + subject, role);
        if (role == null) {
            remove(room, subject, Removal.REVOKED);
        }
        return had;
    }

    void recordGrant(RoomId room, String subject, Role role) {
        setRole(room, "g:" + subject, role);
    }

    /**
     * @param subject null for every user (only with {@link Removal#REVOKED})
     * @return whether the subject was not banned before (always true for a kick or a revocation)
     */
    boolean remove(RoomId room, String subject, Removal removal) {
        RedisKeys keys = new RedisKeys(room);
        return RedisConnection.number(redis.timed("remove", RedisScripts.REMOVE, new String[] {keys.rules()},
                keys.channel(), subject == null ? "" : subject, removal.wire()), 0) == 1;
    }

    /** @return whether the subject was banned */
    boolean unban(RoomId room, String subject) {
        return redis.await(redis.redis().hdel(new RedisKeys(room).rules(), "b:" + subject)) > 0;
    }

    /** @return whether the field was there before */
    private boolean setRole(RoomId room, String field, Role role) {
        String key = new RedisKeys(room).rules();
        if (role == null) {
            return redis.await(redis.redis().hdel(key, field)) > 0;
        }
        return !redis.await(redis.redis().hset(key, field, role.wire()));
    }

    static RoomRules parse(RoomId room, Map<String, String> fields) {
        RoomAccess access = fields.containsKey("access") ? RoomAccess.fromWire(fields.get("access"))
                : RoomRules.defaults(room).access();
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
