package dev.parley.protocol;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;

/**
 * One room of the user's list, in {@link ServerFrame.Rooms}.
 *
 * @param seq  the room's latest seq
 * @param read the user's marker
 * @param last the latest message, or null
 */
public record RoomEntry(RoomId room, long seq, long read, long unread, ChatMessage last) {
}
