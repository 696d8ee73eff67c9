package dev.parley.archive;

import dev.parley.domain.RoomId;
import java.util.Objects;

/** Whose read marker in which room. */
public record MarkerKey(RoomId room, String subject) {

    public MarkerKey {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(subject, "subject");
    }
}
