package dev.parley.broker;

/**
 * A user's place in a room.
 *
 * @param read   the user's read marker: the seq of the last message it has seen, 0 for none
 * @param unread messages after the marker, not the user's own, not deleted
 * @param seq    the room's latest seq the count was made at (at least {@code read})
 * @param moved  whether the call that answered it moved the marker
 */
public record ReadState(long read, long unread, long seq, boolean moved) {

    public ReadState {
        if (read < 0 || unread < 0 || seq < read) {
            throw new IllegalArgumentException("read and unread are not negative, and read is at most seq");
        }
    }
}
