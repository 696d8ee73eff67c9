package dev.parley.broker;

import dev.parley.domain.RoomId;

/** A post from a user the room has banned: nothing was numbered or recorded. */
public final class BannedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BannedException(RoomId room) {
        super("you are banned from room '" + room + "'", null, false, false);
    }
}
