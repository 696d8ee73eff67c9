package dev.parley.domain;

import java.util.Comparator;
import java.util.Objects;

/**
 * A user present in a room: its subject (who it is; in open mode its name) and the name the room shows. Ordered by
 * name, then subject, both in UTF-16 order, as {@code joined.users} lists them.
 */
public record PresentUser(UserName name, String subject) implements Comparable<PresentUser> {

    private static final Comparator<PresentUser> ORDER =
            Comparator.comparing(PresentUser::name).thenComparing(PresentUser::subject);

    public PresentUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
    }

    @Override
    public int compareTo(PresentUser other) {
        return ORDER.compare(this, other);
    }
}
