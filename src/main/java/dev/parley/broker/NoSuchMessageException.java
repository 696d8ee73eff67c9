package dev.parley.broker;

import dev.parley.domain.RoomId;

/** A change or read of a seq the room does not hold: never numbered, or removed by retention. */
public final class NoSuchMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NoSuchMessageException(RoomId room, long seq) {
        super("room '" + room + "' has no message " + seq, null, false, false);
    }
}
