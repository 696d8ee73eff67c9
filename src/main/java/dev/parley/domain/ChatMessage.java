package dev.parley.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as a room recorded it.
 *
 * @param seq      the room's sequence number, from 1, without gaps
 * @param clientId the sender's own id for the message, or null
 */
public record ChatMessage(RoomId room, long seq, String clientId, UserName user, String text, Instant ts) {

    public ChatMessage {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(ts, "ts");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
    }
}
