package dev.parley.domain;

import java.util.Locale;

/** Who may join a room: anyone ({@code public}, the default), or only its members ({@code private}). */
public enum RoomAccess {
    PUBLIC, PRIVATE;

    /** The name on the wire and in the API: {@code public}, {@code private}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the values there are, for any other text
     */
    public static RoomAccess fromWire(String text) {
        for (RoomAccess access : values()) {
            if (access.wire().equals(text)) {
                return access;
            }
        }
        throw new IllegalArgumentException("access must be private or public");
    }
}
