package dev.parley.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as a room recorded it, in its current state: edits, a deletion and reactions change it after it was
 * numbered, each at a room change counter ({@code rev}); its seq and author never change.
 *
 * @param seq       the room's sequence number, from 1, without gaps
 * @param clientId  the sender's own id for the message, or null
 * @param subject   the author's subject when it differs from its name (a token's {@code sub}), else null: open mode's
 *                  messages and the HTTP API's have none
 * @param editedAt  when its text was last edited, or null
 * @param deleted   true for a tombstone: its text is gone (empty) and it has no reactions
 * @param reactions who reacted with what; {@link Reactions#NONE} when nobody did
 * @param rev       the room's change counter at the message's last change, 0 when it never changed
 */
public record ChatMessage(RoomId room, long seq, String clientId, UserName user, String text, Instant ts,
                          String subject, Instant editedAt, boolean deleted, Reactions reactions, long rev) {

    public ChatMessage {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(ts, "ts");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
        if (rev < 0) {
            throw new IllegalArgumentException("rev is never negative");
        }
        if (subject != null && subject.equals(user.value())) {
            subject = null;
        }
        reactions = reactions == null ? Reactions.NONE : reactions;
        if (deleted) {
            text = "";
            editedAt = null;
            reactions = Reactions.NONE;
        }
    }

    /** A message as it was numbered: never changed. */
    public ChatMessage(RoomId room, long seq, String clientId, UserName user, String text, Instant ts,
                       String subject) {
        this(room, seq, clientId, user, text, ts, subject, null, false, Reactions.NONE, 0);
    }

    /** A message whose author is known by its name alone. */
    public ChatMessage(RoomId room, long seq, String clientId, UserName user, String text, Instant ts) {
        this(room, seq, clientId, user, text, ts, null);
    }

    /** Who wrote it: its subject, or its user name when it has none (open mode, the HTTP API). */
    public String author() {
        return subject != null ? subject : user.value();
    }

    /** This message with a new text, edited at {@code at} by the change {@code newRev}. */
    public ChatMessage edited(String newText, Instant at, long newRev) {
        return new ChatMessage(room, seq, clientId, user, newText, ts, subject, at, false, reactions, newRev);
    }

    /** This message deleted by the change {@code newRev}: no text, no reactions; seq and author stay. */
    public ChatMessage tombstone(long newRev) {
        return new ChatMessage(room, seq, clientId, user, "", ts, subject, null, true, Reactions.NONE, newRev);
    }

    /** This message with other reactions, by the change {@code newRev}. */
    public ChatMessage withReactions(Reactions newReactions, long newRev) {
        return new ChatMessage(room, seq, clientId, user, text, ts, subject, editedAt, deleted, newReactions, newRev);
    }
}
