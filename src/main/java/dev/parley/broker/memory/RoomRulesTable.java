package dev.parley.broker.memory;

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
}
