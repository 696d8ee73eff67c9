package dev.parley.broker.redis;

import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.Member;
import dev.parley.broker.Presence;
import dev.parley.domain.PresentUser;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Who is in which room, cluster-wide: per room a hash of member connections to their subjects, a count of connections
 * per subject and each present subject's name, changed by {@code join.lua} and {@code leave.lua}, which publish
 * {@code presence} only when a user (a subject) arrives or departs, with the room's presence version. Each node also keeps a hash of its own member connections, so that another node can take
 * them out when this one dies, and remembers them itself, to put them back when Redis lost them.
 */
final class RedisPresence {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class.getName());

    private final RedisConnection redis;
    private final RoomDirectory directory;
    private final String node;
    private final int emptyRoomSeconds;
    private final Supplier<String> newEpoch;
    /** This node's member connections. */
    private final ConcurrentMap<MemberKey, Member> members = new ConcurrentHashMap<>();
    /** Members that left while Redis could not take it. */
    private final Set<MemberKey> pendingLeaves = ConcurrentHashMap.newKeySet();

    RedisPresence(RedisConnection redis, RoomDirectory directory, String node, int emptyRoomSeconds,
                  Supplier<String> newEpoch) {
        this.redis = redis;
        this.directory = directory;
        this.node = node;
        this.emptyRoomSeconds = emptyRoomSeconds;
        this.newEpoch = newEpoch;
    }

    Presence join(RoomId room, Member member) {
        directory.admit(room);
        MemberKey key = new MemberKey(room, member.connection());
        Presence presence = add(key, member);
        members.put(key, member);
        return presence;
    }

    /**
     * A departure cannot be refused: when Redis cannot take it now, it is kept and made at the next {@link #repair}
     * (until then the others still see the member; if this node dies meanwhile, its lease ends and others reap it).
     */
    Presence leave(RoomId room, Member member) {
        MemberKey key = new MemberKey(room, member.connection());
        members.remove(key);
        try {
            return remove(key);
        } catch (BrokerUnavailableException e) {
            LOG.info(() -> "node " + node + ": " + member.connection() + " left " + room + " while Redis was "
                    + "unavailable; its leave is made later");
            pendingLeaves.add(key);
            return new Presence(List.of(), 0, false);
        }
    }

    /**
     * Makes the leaves Redis could not take, and puts this node's members back into presence when Redis may have lost
     * them (the others see them arrive again if they had gone).
     *
     * @param why what lost them (the lease lapsed, Redis restarted), or null when nothing did
     */
    void repair(String why) {
        if (why != null && !members.isEmpty()) {
            LOG.warning(() -> "node " + node + ": " + why + "; putting its " + members.size() + " room members back");
            members.forEach(this::add);
        }
        for (MemberKey key : pendingLeaves) {
            remove(key);
            pendingLeaves.remove(key);
        }
    }

    /** Takes the members of a node out of presence (the others get their {@code leave}); answers how many. */
    int takeOut(String ofNode) {
        Map<String, String> taken = redis.await(redis.redis().hgetall(RedisKeys.nodeMembers(ofNode)));
        taken.keySet().forEach(field -> leave(MemberKey.parse(field)));
        redis.await(redis.redis().del(RedisKeys.nodeMembers(ofNode)));
        return taken.size();
    }

    /** Adds a member connection of this node to its room's presence (again, if Redis lost it). */
    private Presence add(MemberKey key, Member member) {
        RedisKeys keys = new RedisKeys(key.room());
        List<Object> result = redis.timed("join", RedisScripts.JOIN, keys(keys), keys.channel(), key.connection(),
                member.subject(), member.name().value(), newEpoch.get());
        directory.used(key.room(), RedisConnection.number(result, 2) == 1);
        redis.redis().hset(RedisKeys.nodeMembers(node), key.field(), member.subject());
        return presence(result, 3);
    }

    /** Takes a member connection of this node out of its room's presence. */
    private Presence remove(MemberKey key) {
        Presence presence = leave(key);
        redis.redis().hdel(RedisKeys.nodeMembers(node), key.field());
        return presence;
    }

    private Presence leave(MemberKey key) {
        RedisKeys keys = new RedisKeys(key.room());
        List<Object> result = redis.timed("leave", RedisScripts.LEAVE, keys(keys), keys.channel(), key.connection(),
                Integer.toString(emptyRoomSeconds));
        return presence(result, 2);
    }

    private static String[] keys(RedisKeys keys) {
        return new String[] {keys.meta(), keys.log(), keys.presence(), keys.users(), keys.names()};
    }

    /**
     * A script's answer: changed (0/1), the presence version, then (from {@code firstUser}) each present user's
     * subject and name.
     */
    private static Presence presence(List<Object> result, int firstUser) {
        List<PresentUser> users = new ArrayList<>();
        for (int i = firstUser; i + 1 < result.size(); i += 2) {
            users.add(new PresentUser(new UserName((String) result.get(i + 1)), (String) result.get(i)));
        }
        return new Presence(users, RedisConnection.number(result, 1), RedisConnection.number(result, 0) == 1);
    }
}
