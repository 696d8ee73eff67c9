package dev.parley.broker;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.util.Comparator;

/**
 * One room of a user's room list.
 *
 * @param seq    the room's latest seq, 0 when it has no message
 * @param read   the user's marker
 * @param unread messages after the marker, not the user's own, not deleted
 * @param last   the room's latest message (a tombstone when deleted), or null when it has none the broker keeps
 */
public record RoomView(RoomId room, long seq, long read, long unread, ChatMessage last) {

    /**
     * The room list's order: by latest message, newest first (its time, then its seq), rooms without a message last,
     * by name.
     */
    public static final Comparator<RoomView> NEWEST_FIRST = Comparator
            .comparing((RoomView view) -> view.last() == null)
            .thenComparing((RoomView view) -> view.last() == null || view.last().ts() == null ? 0L
                    : -view.last().ts().toEpochMilli())
            .thenComparing(view -> -view.seq())
            .thenComparing(view -> view.room().value());
}
