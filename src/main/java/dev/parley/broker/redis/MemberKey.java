package dev.parley.broker.redis;

import dev.parley.domain.RoomId;

/**
 * One member connection of one room, as a node's member hash names it ({@code parley:node:<node>:members}): the field
 * is {@code "room connection"}. Room ids cannot contain a space, so the first space ends the room.
 */
record MemberKey(RoomId room, String connection) {

    static MemberKey parse(String field) {
        int space = field.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("not a member key (room, a space, a connection): " + field);
        }
        return new MemberKey(new RoomId(field.substring(0, space)), field.substring(space + 1));
    }

    String field() {
        return room.value() + " " + connection;
    }
}
