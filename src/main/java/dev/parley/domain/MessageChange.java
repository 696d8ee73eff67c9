package dev.parley.domain;

import java.util.Objects;

/** A change of a numbered message: an edit, a deletion or a reaction toggle. Authorization is the caller's. */
public sealed interface MessageChange {

    RoomId room();

    long seq();

    /** The author's new text (validated by the caller). */
    record Edit(RoomId room, long seq, String subject, String text) implements MessageChange {
        public Edit {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(text, "text");
        }
    }

    /** The message becomes a tombstone. */
    record Delete(RoomId room, long seq) implements MessageChange {
        public Delete {
            Objects.requireNonNull(room, "room");
        }
    }

    /** The subject's reaction with {@code emoji} (checked by the caller: {@code Emoji}) toggles. */
    record React(RoomId room, long seq, String subject, UserName name, String emoji) implements MessageChange {
        public React {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(emoji, "emoji");
        }
    }
}
