package dev.parley.broker;

import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;

/**
 * A message to record.
 *
 * @param clientId the sender's id for it, or null (then it is never taken for a duplicate)
 * @param origin   the connection that sent it, or null (the HTTP API)
 * @param subject  the sender's subject, checked against the room's bans atomically with numbering; null for a
 *                 message from no user (the HTTP API), which no ban concerns
 */
public record Post(RoomId room, UserName user, String text, String clientId, String origin, String subject) {

    /** Who writes it: its subject, or its user name when it has none (as {@code ChatMessage.author()}). */
    public String author() {
        return subject != null ? subject : user.value();
    }

    /** A post no ban concerns (the HTTP API's). */
    public Post(RoomId room, UserName user, String text, String clientId, String origin) {
        this(room, user, text, clientId, origin, null);
    }
}
