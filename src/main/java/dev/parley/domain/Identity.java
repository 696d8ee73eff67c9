package dev.parley.domain;

import java.time.Instant;
import java.util.Map;

/**
 * Who is behind a connection. {@code subject} is the stable user id that access, bans and (later) read markers key on:
 * a token's {@code sub}, the container's principal, or in open mode the name typed on the first join. {@code name} is
 * what rooms show. {@code grants} are the rooms a token admits the user to, with its role in each (empty without a
 * token). {@code expires} is when the proof runs out, or null when nothing expires (open mode, the container's login).
 * Two connections with the same subject are one user (tabs).
 */
public record Identity(String subject, UserName name, Map<RoomId, Role> grants, Instant expires) {

    /** Longest subject, in UTF-16 units: OpenID Connect allows 255 ASCII characters. */
    public static final int MAX_SUBJECT_LENGTH = 255;

    public Identity {
        check(subject, "subject");
        if (name == null) {
            throw new IllegalArgumentException("name is required");
        }
        grants = Map.copyOf(grants);
    }

    /**
     * The subject rules, for any text that names a user by subject (a moderation frame's {@code user}, the API's).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String requireSubject(String user) {
        return check(user, "user");
    }

    private static String check(String subject, String field) {
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException(field + " must be 1-" + MAX_SUBJECT_LENGTH + " characters");
        }
        if (subject.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE)) {
            throw new IllegalArgumentException(field + " must not contain control characters or unpaired surrogates");
        }
        return subject;
    }

    /** A user known only by a name: open mode's typed name, or the container's principal. Nothing expires. */
    public static Identity named(UserName name) {
        return new Identity(name.value(), name, Map.of(), null);
    }

    /** The role a token grants in {@code room}, or null. */
    public Role grant(RoomId room) {
        return grants.get(room);
    }
}
