package dev.parley.protocol;

import java.util.Locale;

/** What a {@link ServerFrame.Presence} tells: a user's first connection arrived in the room, or its last left. */
public enum PresenceEvent {
    JOIN,
    LEAVE;

    /** {@code join} or {@code leave}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
