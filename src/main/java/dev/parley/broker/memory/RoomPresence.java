package dev.parley.broker.memory;

import dev.parley.broker.Member;
import dev.parley.broker.Presence;
import dev.parley.domain.PresentUser;
import dev.parley.domain.UserName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is in one room in memory: its member connections, and the users (subjects) they make present; a user arrives
 * with its first connection and departs with its last. Used under the room log's monitor.
 */
final class RoomPresence {

    private final Map<String, Member> connections = new HashMap<>();
    /** Connections per subject: a user is present while it has at least one. */
    private final Map<String, Integer> subjects = new HashMap<>();
    /** The name each present subject shows (its first connection's). */
    private final Map<String, UserName> names = new HashMap<>();
    private long version;

    /** @return whether the connection made its user arrive (the version then grew) */
    boolean join(Member member) {
        boolean arrived = connections.putIfAbsent(member.connection(), member) == null
                && subjects.merge(member.subject(), 1, Integer::sum) == 1;
        if (arrived) {
            names.put(member.subject(), member.name());
            version++;
        }
        return arrived;
    }

    /** @return the member that departed with its user's last connection (the version then grew), or null */
    Member leave(String connection) {
        Member present = connections.remove(connection);
        if (present == null || subjects.merge(present.subject(), -1, Integer::sum) > 0) {
            return null;
        }
        subjects.remove(present.subject());
        names.remove(present.subject());
        version++;
        return present;
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    /** The count of users (distinct subjects) present. */
    int users() {
        return subjects.size();
    }

    long version() {
        return version;
    }

    Presence snapshot(boolean changed) {
        List<PresentUser> users = new ArrayList<>(names.size());
        names.forEach((subject, name) -> users.add(new PresentUser(name, subject)));
        return new Presence(users, version, changed);
    }
}
