package dev.parley.broker;

import dev.parley.domain.UserName;

/** A connection in a room's presence: a name is present while at least one of its connections is. */
public record Member(String connection, UserName name) {
}
