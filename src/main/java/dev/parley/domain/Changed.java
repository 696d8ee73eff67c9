package dev.parley.domain;

/**
 * What a {@link MessageChange} did: the event every connection of the room is told.
 *
 * @param change  the change applied
 * @param rev     the room's change counter after it (for a no-op, the message's own rev)
 * @param message the message after the change
 * @param on      for a reaction: whether the subject now has it (false: taken away); false otherwise
 * @param noop    true when nothing changed (the delete of a tombstone): nobody else is told
 */
public record Changed(MessageChange change, long rev, ChatMessage message, boolean on, boolean noop) {

    public RoomId room() {
        return change.room();
    }

    public long seq() {
        return change.seq();
    }

    /** The reaction's emoji, or null when the change is no reaction. */
    public String emoji() {
        return change instanceof MessageChange.React react ? react.emoji() : null;
    }

    /** The reacting user's name, or null when the change is no reaction. */
    public UserName name() {
        return change instanceof MessageChange.React react ? react.name() : null;
    }

    /** The reacting user's subject, or null when the change is no reaction. */
    public String subject() {
        return change instanceof MessageChange.React react ? react.subject() : null;
    }
}
