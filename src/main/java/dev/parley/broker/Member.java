package dev.parley.broker;

import dev.parley.domain.PresentUser;
import dev.parley.domain.UserName;

/**
 * A connection in a room's presence: a user (a subject) is present while at least one of its connections is, and
 * the room shows it by its name.
 */
public record Member(String connection, UserName name, String subject) {

    /** A connection of a user known by its name alone (open mode: the subject is the name). */
    public Member(String connection, UserName name) {
        this(connection, name, name.value());
    }

    public PresentUser user() {
        return new PresentUser(name, subject);
    }
}
