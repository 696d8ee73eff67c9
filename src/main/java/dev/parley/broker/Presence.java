package dev.parley.broker;

import dev.parley.domain.UserName;
import java.util.List;

/**
 * A room's presence right after a join or leave.
 *
 * @param members the distinct names present, sorted
 * @param version the room's presence version: it grows with every arrival and departure of a name
 * @param changed whether this join or leave made a name arrive or depart
 */
public record Presence(List<UserName> members, long version, boolean changed) {

    public Presence {
        members = List.copyOf(members);
    }
}
