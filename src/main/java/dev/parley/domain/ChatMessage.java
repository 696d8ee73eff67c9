package dev.parley.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as a room recorded it.
 *
 * @param seq      the room's sequence number, from 1, without gaps
 * @param clientId the sender's own id for the message, or null
 * @param subject  the author's subject when it differs from its name (a token's {@code sub}), else null: open mode's
 *                 messages and the HTTP API's have none
 */
public record ChatMessage(RoomId room, long seq, String clientId, UserName user, String text, Instant ts,
                          String subject) {

    public ChatMessage {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(ts, "ts");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
        if (subject != null && subject.equals(user.value())) {
            subject = null;
        }
    }

    /** A message whose author is known by its name alone. */
    public ChatMessage(RoomId room, long seq, String clientId, UserName user, String text, Instant ts) {
        this(room, seq, clientId, user, text, ts, null);
    }
}
