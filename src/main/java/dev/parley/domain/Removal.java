package dev.parley.domain;

import java.util.Locale;

/** Why a user's connections were taken out of a room by someone else: the {@code left} frame's {@code reason}. */
public enum Removal {
    /** Removed once: the user may join again. */
    KICKED,
    /** Removed and refused until unbanned. */
    BANNED,
    /** The room no longer admits the user: its membership was taken away, the room made private, or its token renewed
     *  without the room's grant. */
    REVOKED;

    /** {@code kicked}, {@code banned} or {@code revoked}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
