package dev.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may join a room and who may remove whom. */
class RoomRulesTest {

    private static final RoomId STAFF = new RoomId("staff");
    private static final RoomId OTHER = new RoomId("other");

    private static Identity user(String subject, Map<RoomId, Role> grants) {
        return new Identity(subject, new UserName(subject), grants, null);
    }

    @Test
    void aRoomNobodySetRulesForIsPublicAndAdmitsEveryone() {
        RoomRules rules = RoomRules.defaults(STAFF);

        assertEquals(RoomAccess.PUBLIC, rules.access());
        assertTrue(rules.admits(user("eve", Map.of()), STAFF));
        assertTrue(rules.isDefault(STAFF));
    }

    @Test
    void aPrivateRoomAdmitsATokenGrantOrAMembershipOnly() {
        RoomRules rules = RoomRules.defaults(STAFF).withAccess(RoomAccess.PRIVATE).withMember("bob", Role.MEMBER);

        assertFalse(rules.admits(user("eve", Map.of()), STAFF));
        assertTrue(rules.admits(user("ada", Map.of(STAFF, Role.MEMBER)), STAFF));
        assertTrue(rules.admits(user("bob", Map.of()), STAFF));
    }

    @Test
    void aGrantForOneRoomDoesNotAdmitToAnother() {
        RoomRules other = RoomRules.defaults(OTHER).withAccess(RoomAccess.PRIVATE);

        assertFalse(other.admits(user("ada", Map.of(STAFF, Role.OWNER)), OTHER));
        assertNull(other.roleOf(user("ada", Map.of(STAFF, Role.OWNER)), OTHER));
    }

    @Test
    void theHigherOfGrantAndMembershipWins() {
        RoomRules rules = RoomRules.defaults(STAFF).withMember("ada", Role.MODERATOR).withMember("bob", Role.MEMBER);

        assertEquals(Role.MODERATOR, rules.roleOf(user("ada", Map.of(STAFF, Role.MEMBER)), STAFF));
        assertEquals(Role.OWNER, rules.roleOf(user("bob", Map.of(STAFF, Role.OWNER)), STAFF));
        assertEquals(Role.OWNER, rules.withGrant("bob", Role.OWNER).roleOf("bob"));
    }

    @Test
    void aBanRefusesWhateverTheRole() {
        RoomRules rules = RoomRules.defaults(STAFF).withMember("ada", Role.OWNER).withBan("ada", true);

        assertFalse(rules.admits(user("ada", Map.of(STAFF, Role.OWNER)), STAFF));
        assertTrue(rules.withBan("ada", false).admits(user("ada", Map.of()), STAFF));
    }

    @Test
    void onlyARoleAboveTheTargetsMayRemoveIt() {
        assertTrue(RoomRules.mayRemove(Role.MODERATOR, null));
        assertTrue(RoomRules.mayRemove(Role.MODERATOR, Role.MEMBER));
        assertFalse(RoomRules.mayRemove(Role.MODERATOR, Role.MODERATOR));
        assertFalse(RoomRules.mayRemove(Role.MODERATOR, Role.OWNER));
        assertTrue(RoomRules.mayRemove(Role.OWNER, Role.MODERATOR));
        assertFalse(RoomRules.mayRemove(Role.OWNER, Role.OWNER));
        assertFalse(RoomRules.mayRemove(Role.MEMBER, null));
        assertFalse(RoomRules.mayRemove(null, null));
    }

    @Test
    void aDirectConversationIsTheSameRoomWhoeverAsksAndPrivateFromTheStart() {
        RoomId room = DirectRoom.between("ada", "bob");

        assertEquals(room, DirectRoom.between("bob", "ada"));
        assertTrue(DirectRoom.isDirect(room));
        assertEquals(43, room.value().length());
        assertEquals(RoomAccess.PRIVATE, RoomRules.defaults(room).access());
        assertFalse(RoomRules.defaults(room).admits(user("ada", Map.of()), room));
        // the separator keeps pairs apart that concatenate alike
        assertFalse(DirectRoom.between("a", "bc").equals(DirectRoom.between("ab", "c")));
        assertFalse(DirectRoom.between("ada", "bob").equals(DirectRoom.between("ada", "carol")));
    }

    @Test
    void subjectsFollowTheirRules() {
        assertEquals("auth0|123", Identity.requireSubject("auth0|123"));
        assertThrows(IllegalArgumentException.class, () -> Identity.requireSubject(""));
        assertThrows(IllegalArgumentException.class, () -> Identity.requireSubject("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> Identity.requireSubject("x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> RoomAccess.fromWire("secret"));
    }
}
