package dev.parley.domain;

import java.util.Locale;

/**
 * What a user may do in a room, each role including the ones before it: a {@code member} reads and posts, a
 * {@code moderator} may also remove people (kick, ban) and others' messages, an {@code owner} may also give roles.
 */
public enum Role {
    MEMBER, MODERATOR, OWNER;

    /** Whether this role includes everything {@code other} may do. */
    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /** The name on the wire and in tokens: {@code member}, {@code moderator}, {@code owner}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the roles there are, for any other text
     */
    public static Role fromWire(String text) {
        for (Role role : values()) {
            if (role.wire().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be member, moderator or owner");
    }
}
