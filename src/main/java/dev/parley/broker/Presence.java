package dev.parley.broker;

import dev.parley.domain.PresentUser;
import dev.parley.domain.UserName;
import java.util.List;

/**
 * A room's presence right after a join or leave.
 *
 * @param users   the users present, one per subject, sorted by name then subject
 * @param version the room's presence version: it grows with every arrival and departure of a user
 * @param changed whether this join or leave made a user arrive or depart
 */
public record Presence(List<PresentUser> users, long version, boolean changed) {

    public Presence {
        users = users.stream().sorted().toList();
    }

    /** The distinct names present, sorted (two users may share a name). */
    public List<UserName> members() {
        return users.stream().map(PresentUser::name).distinct().sorted().toList();
    }
}
