package dev.parley.archive;

import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomRules;

/**
 * One change of a room's rules as the archive keeps it: one fact keyed by kind and subject, and its value, or null to
 * drop the fact. {@link #applyTo} is the one place that maps a fact back onto {@link RoomRules}.
 */
public record RuleChange(Kind kind, String subject, String value) {

    /** The kinds of fact; {@code column} is the value of the {@code kind} column. */
    public enum Kind {
        ACCESS("access"), MEMBER("member"), GRANT("grant"), BAN("ban");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        static Kind fromColumn(String text) {
            for (Kind kind : values()) {
                if (kind.column.equals(text)) {
                    return kind;
                }
            }
            throw new ArchiveException("unknown room rule kind in the archive: " + text, null);
        }
    }

    public static RuleChange access(RoomAccess access) {
        return new RuleChange(Kind.ACCESS, "", access.wire());
    }

    /** @param role null to take the membership away */
    public static RuleChange member(String subject, Role role) {
        return new RuleChange(Kind.MEMBER, subject, role == null ? null : role.wire());
    }

    /** @param role null when the token granted nothing */
    public static RuleChange grant(String subject, Role role) {
        return new RuleChange(Kind.GRANT, subject, role == null ? null : role.wire());
    }

    public static RuleChange ban(String subject, boolean ban) {
        return new RuleChange(Kind.BAN, subject, ban ? "" : null);
    }

    /** The rules with this change made. */
    public RoomRules applyTo(RoomRules rules) {
        return switch (kind) {
            case ACCESS -> rules.withAccess(RoomAccess.fromWire(value));
            case MEMBER -> rules.withMember(subject, value == null ? null : Role.fromWire(value));
            case GRANT -> rules.withGrant(subject, value == null ? null : Role.fromWire(value));
            case BAN -> rules.withBan(subject, value != null);
        };
    }
}
