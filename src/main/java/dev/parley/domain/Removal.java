package dev.parley.domain;

import java.util.Locale;

/** Why a user's connections were taken out of a room by someone else: the {@code left} frame's {@code reason}. */
public enum Removal {
    /** Removed once: the user may join again. */
    KICKED,
    /** Removed and refused until unbanned. */
    BANNED;

    /** {@code kicked} or {@code banned}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
