package dev.parley.broker.memory;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveException;
import dev.parley.archive.RuleChange;
import dev.parley.broker.BannedException;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.Post;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Every room's rules in this JVM, apart from the room logs: freeing an idle room must not make a private room
 * public or forget a ban. Only rooms whose rules differ from the defaults take an entry.
 * <p>
 * With an archive, the table starts with the rules it holds, and a change is written to it ({@link #writeThrough},
 * with no lock held) before it takes effect here, so that the rules survive a restart; a change the archive cannot
 * take fails with {@link BrokerUnavailableException} and changes nothing.
 */
final class RoomRulesTable {

    private final ConcurrentMap<RoomId, RoomRules> rules = new ConcurrentHashMap<>();
    /** Null when the rules are kept in memory only. */
    private final Archive archive;

    /** @param archive where the rules are kept, or null for memory only */
    RoomRulesTable(Archive archive) {
        this.archive = archive;
        if (archive != null) {
            try {
                archive.rules().forEach((room, set) -> {
                    if (!set.isDefault(room)) {
                        rules.put(room, set);
                    }
                });
            } catch (ArchiveException e) {
                throw new BrokerUnavailableException(e.getMessage(), e);
            }
        }
    }

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

    /** Writes the change to the archive, then makes it here; answers the rules before it. */
    RoomRules change(RoomId room, RuleChange change) {
        writeThrough(room, change);
        return update(room, change::applyTo);
    }

    /** Writes the change to the archive, unless there is none or the change would change nothing. */
    void writeThrough(RoomId room, RuleChange change) {
        if (archive == null || change.applyTo(get(room)).equals(get(room))) {
            return;
        }
        try {
            archive.writeRule(room, change);
        } catch (ArchiveException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
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
