package dev.parley.broker;

import dev.parley.domain.RoomId;

/** An edit of, or reaction to, a deleted message: nothing changed. */
public final class MessageDeletedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MessageDeletedException(RoomId room, long seq) {
        super("message " + seq + " of room '" + room + "' is deleted", null, false, false);
    }
}
