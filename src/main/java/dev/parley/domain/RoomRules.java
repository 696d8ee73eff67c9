package dev.parley.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may be in a room and do what there, as the broker keeps it: the room's access, the roles given through the API
 * ({@code members}), the roles tokens granted users when they last joined ({@code granted}, so that a moderator on
 * any node can tell a target's rank) and the banned subjects. Everything is keyed by subject (a token's {@code sub},
 * or the name in open mode).
 * <p>
 * The rules, in one place: a user's role is the higher of its token grant and its API membership. A banned user is
 * refused whatever its role. A private room admits a user with a role; a public room admits everyone not banned.
 * Only a role above the target's may remove it: a moderator removes members and users without a role, an owner also
 * moderators, nobody an owner but the operator.
 */
public record RoomRules(RoomAccess access, Map<String, Role> members, Map<String, Role> granted, Set<String> banned) {

    public RoomRules {
        members = Map.copyOf(members);
        granted = Map.copyOf(granted);
        banned = Set.copyOf(banned);
    }

    /** A room nobody set rules for: public, except a direct conversation, which only its two users may join. */
    public static RoomRules defaults(RoomId room) {
        return new RoomRules(DirectRoom.isDirect(room) ? RoomAccess.PRIVATE : RoomAccess.PUBLIC,
                Map.of(), Map.of(), Set.of());
    }

    /** The user's role here: the higher of its token's grant for the room and its membership, or null for none. */
    public Role roleOf(Identity identity, RoomId room) {
        return higher(identity.grant(room), members.get(identity.subject()));
    }

    /** Another user's role as far as the room knows it: its membership and the grant its token showed on joining. */
    public Role roleOf(String subject) {
        return higher(members.get(subject), granted.get(subject));
    }

    public boolean isBanned(String subject) {
        return banned.contains(subject);
    }

    /** Whether the user may join and read the room. */
    public boolean admits(Identity identity, RoomId room) {
        return !isBanned(identity.subject())
                && (access == RoomAccess.PUBLIC || roleOf(identity, room) != null);
    }

    /** Whether {@code actor} may kick or ban {@code target}: at least a moderator, and above the target's role. */
    public static boolean mayRemove(Role actor, Role target) {
        return actor != null && actor.atLeast(Role.MODERATOR) && (target == null || actor.compareTo(target) > 0);
    }

    /** Whether these are the rules of a room nobody set any for. */
    public boolean isDefault(RoomId room) {
        return equals(defaults(room));
    }

    public RoomRules withAccess(RoomAccess access) {
        return new RoomRules(access, members, granted, banned);
    }

    /** @param role null to take the membership away */
    public RoomRules withMember(String subject, Role role) {
        return new RoomRules(access, put(members, subject, role), granted, banned);
    }

    /** @param role null when the token granted nothing */
    public RoomRules withGrant(String subject, Role role) {
        return new RoomRules(access, members, put(granted, subject, role), banned);
    }

    public RoomRules withBan(String subject, boolean ban) {
        Set<String> changed = new HashSet<>(banned);
        if (ban) {
            changed.add(subject);
        } else {
            changed.remove(subject);
        }
        return new RoomRules(access, members, granted, changed);
    }

    private static Map<String, Role> put(Map<String, Role> roles, String subject, Role role) {
        Map<String, Role> changed = new HashMap<>(roles);
        if (role == null) {
            changed.remove(subject);
        } else {
            changed.put(subject, role);
        }
        return changed;
    }

    private static Role higher(Role a, Role b) {
        if (a == null) {
            return b;
        }
        return b == null || a.atLeast(b) ? a : b;
    }
}
