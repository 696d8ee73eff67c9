package dev.parley.broker.memory;

import dev.parley.broker.BannedException;
import dev.parley.broker.Post;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Every room's rules in this JVM, apart from the room logs: freeing an idle room must not make a private room
 * public or forget a ban. Only rooms whose rules differ from the defaults take an entry.
 */
final class RoomRulesTable {

    private final ConcurrentMap<RoomId, RoomRules> rules = new ConcurrentHashMap<>();

    RoomRules get(RoomId room) {
        RoomRules set = rules.get(room);
        return set == null ? RoomRules.defaults(room) : set;
    }

    /** Applies the change atomically; answers the rules before it. */
    RoomRules update(RoomId room, UnaryOperator<RoomRules> change) {
        RoomRules[] before = new RoomRules[1];
        rules.compute(room, (key, current) -> {
            before[0] = current == null ? RoomRules.defaults(key) : current;
            RoomRules after = change.apply(before[0]);
            return after.isDefault(key) ? null : after;
        });
        return before[0];
    }

    /**
     * Bans the subject or lifts its ban.
     *
     * @return whether it was not banned before
     */
    boolean ban(RoomId room, String subject, boolean ban) {
        return !update(room, current -> current.withBan(subject, ban)).isBanned(subject);
    }

    /** Refuses a post of a subject the room has banned; a room log asks under the monitor that bans take. */
    void admit(Post post) {
        if (post.subject() != null && get(post.room()).isBanned(post.subject())) {
            throw new BannedException(post.room());
        }
    }
}
