package dev.parley.application;

import static dev.parley.application.ChatFixture.assertPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.Identity;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Private rooms, direct conversations, kick and ban, on the memory broker. */
class ChatServiceAccessTest {

    private static final RoomId STAFF = new RoomId("staff");

    private final ChatFixture fixture = new ChatFixture();

    /** A connection signed in as {@code subject} with the token grants, its welcome skipped. */
    private FakeClient signedIn(String subject, Map<RoomId, Role> grants) {
        FakeClient client = fixture.connect();
        client.next("welcome");
        client.connection().bind(new Identity(subject, new UserName(subject), grants, null));
        return client;
    }

    private static ClientFrame.Moderate moderate(ClientFrame.Action action, String room, String user) {
        return new ClientFrame.Moderate(action, new RoomId(room), user);
    }

    @Test
    void aPrivateRoomRefusesAUserWithoutARoleAndShowsItNothing() {
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        FakeClient ada = signedIn("ada", Map.of(STAFF, Role.MEMBER));
        ada.join("staff", null).next("joined");
        ada.post("staff", "secret", null).clear();

        FakeClient eve = fixture.joined("lobby", "eve");
        eve.join("staff", null).nextError("forbidden", "join");
        eve.history("staff", null, 10).nextError("not_joined", "history");
        eve.post("staff", "hi", null).nextError("not_joined", "message");
        eve.typing("staff").nextError("not_joined", "typing");

        eve.expectNothing();
        ada.expectNothing();
        assertEquals(1, fixture.chat.rooms().stream().filter(r -> r.room().equals(STAFF)).findFirst()
                .orElseThrow().members());
    }

    @Test
    void aMembershipGivenByTheOperatorAdmits() {
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        assertFalse(fixture.chat.access().setMember(STAFF, "bob", Role.MEMBER));

        FakeClient bob = fixture.connect();
        bob.next("welcome");
        assertEquals("member", bob.join("staff", "bob").next("joined").getString("role"));

        assertTrue(fixture.chat.access().setMember(STAFF, "bob", null));
        assertEquals("revoked", bob.next("left").getString("reason"), "taking the membership away takes bob out");
        bob.leave("staff").nextError("not_joined", "leave");
        bob.join("staff", null).nextError("forbidden", "join");
    }

    @Test
    void aGrantForOneRoomDoesNotAdmitToAnother() {
        fixture.chat.access().setAccess(new RoomId("board"), RoomAccess.PRIVATE);
        FakeClient ada = signedIn("ada", Map.of(STAFF, Role.OWNER));

        ada.join("board", null).nextError("forbidden", "join");
        ada.send(moderate(ClientFrame.Action.KICK, "board", "bob")).nextError("forbidden", "kick");
    }

    @Test
    void aKickedUserLeavesAtOnceAndMayJoinAgain() {
        FakeClient mod = signedIn("mod", Map.of(STAFF, Role.MODERATOR));
        assertEquals("moderator", mod.join("staff", null).next("joined").getString("role"));
        FakeClient bob = fixture.joined("staff", "bob");
        FakeClient bobTab = fixture.joined("staff", "bob");
        FakeClient carol = fixture.joined("staff", "carol");
        for (FakeClient client : new FakeClient[] {mod, bob, bobTab, carol}) {
            client.clear();
        }

        mod.send(moderate(ClientFrame.Action.KICK, "staff", "bob"));

        // the memory broker removes inline: the leave is in before the answer
        assertPresence(mod.next("presence"), "leave", "bob", 2);
        JsonObject moderated = mod.next("moderated");
        assertEquals("kick", moderated.getString("action"));
        assertEquals("bob", moderated.getString("user"));
        assertPresence(carol.next("presence"), "leave", "bob", 2);
        for (FakeClient tab : new FakeClient[] {bob, bobTab}) {
            JsonObject left = tab.next("left");
            assertEquals(Set.of("type", "room", "reason"), left.keySet());
            assertEquals("kicked", left.getString("reason"));
            tab.expectNothing();
        }
        bob.post("staff", "still here?", null).nextError("not_joined", "message");

        bob.join("staff", null).next("joined");
        assertPresence(carol.next("presence"), "join", "bob", 3);
    }

    @Test
    void aBannedUserIsRefusedUntilUnbanned() {
        FakeClient owner = signedIn("own", Map.of(STAFF, Role.OWNER));
        owner.join("staff", null).next("joined");
        FakeClient bob = fixture.joined("staff", "bob");
        owner.clear();

        owner.send(moderate(ClientFrame.Action.BAN, "staff", "bob")).next("presence");
        owner.next("moderated");
        assertEquals("banned", bob.next("left").getString("reason"));
        bob.join("staff", null).nextError("forbidden", "join");

        owner.clear().send(moderate(ClientFrame.Action.UNBAN, "staff", "bob")).next("moderated");
        bob.join("staff", null).next("joined");
    }

    @Test
    void aBannedUserIsRefusedWhatEverItsToken() {
        fixture.chat.access().setBanned(STAFF, "ada", true);

        signedIn("ada", Map.of(STAFF, Role.OWNER)).join("staff", null).nextError("forbidden", "join");
    }

    @Test
    void onlyAModeratorOrOwnerMayModerateAndOnlyAboveItsOwnRole() {
        FakeClient member = fixture.joined("staff", "bob");
        FakeClient mod = signedIn("mod", Map.of(STAFF, Role.MODERATOR));
        mod.join("staff", null).next("joined");
        FakeClient owner = signedIn("own", Map.of(STAFF, Role.OWNER));
        owner.join("staff", null).next("joined");
        FakeClient otherMod = signedIn("mod2", Map.of(STAFF, Role.MODERATOR));
        otherMod.join("staff", null).next("joined");
        for (FakeClient client : new FakeClient[] {member, mod, owner, otherMod}) {
            client.clear();
        }

        for (ClientFrame.Action action : ClientFrame.Action.values()) {
            member.send(moderate(action, "staff", "mod")).nextError("forbidden", action.wire());
        }
        mod.send(moderate(ClientFrame.Action.KICK, "staff", "own")).nextError("forbidden", "kick");
        mod.send(moderate(ClientFrame.Action.BAN, "staff", "mod2")).nextError("forbidden", "ban");
        owner.send(moderate(ClientFrame.Action.KICK, "staff", "mod2")).next("presence");
        owner.next("moderated");
        assertEquals("kicked", otherMod.next("left").getString("reason"));
    }

    @Test
    void anOwnerGivesAndTakesRolesBelowItsOwn() {
        FakeClient owner = signedIn("own", Map.of(STAFF, Role.OWNER));
        FakeClient bob = fixture.joined("staff", "bob");
        FakeClient carol = fixture.joined("staff", "carol");
        carol.clear();
        bob.clear();

        owner.send(new ClientFrame.GiveRole(STAFF, "bob", Role.MODERATOR));
        JsonObject done = owner.next("moderated");
        assertEquals("role", done.getString("action"));
        assertEquals(Role.MODERATOR, fixture.chat.access().rules(STAFF).members().get("bob"));
        bob.send(moderate(ClientFrame.Action.KICK, "staff", "carol"));
        assertEquals("kicked", carol.next("left").getString("reason"));
        bob.next("presence");
        bob.next("moderated");

        bob.send(new ClientFrame.GiveRole(STAFF, "carol", Role.MEMBER)).nextError("forbidden", "role");
        owner.send(new ClientFrame.GiveRole(STAFF, "bob", Role.OWNER)).nextError("forbidden", "role");
        fixture.chat.access().setMember(STAFF, "own2", Role.OWNER);
        owner.send(new ClientFrame.GiveRole(STAFF, "own2", null)).nextError("forbidden", "role");
        owner.send(new ClientFrame.GiveRole(STAFF, "bob", null)).next("moderated");
        assertFalse(fixture.chat.access().rules(STAFF).members().containsKey("bob"));
    }

    @Test
    void aDirectConversationIsOneRoomForBothAndNobodyElse() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient eve = fixture.joined("lobby", "eve");
        ada.clear();
        bob.clear();

        JsonObject fromAda = ada.send(new ClientFrame.Direct("bob")).next("direct");
        JsonObject fromBob = bob.send(new ClientFrame.Direct("ada")).next("direct");
        String room = fromAda.getString("room");
        assertEquals(room, fromBob.getString("room"));
        assertEquals("bob", fromAda.getString("user"));
        assertTrue(room.startsWith("dm."));

        ada.join(room, null).next("joined");
        bob.join(room, null).next("joined");
        eve.join(room, null).nextError("forbidden", "join");
        String otherRoom = eve.send(new ClientFrame.Direct("ada")).next("direct").getString("room");
        assertNotEquals(room, otherRoom);
        eve.join("dm.0123456789abcdef0123456789abcdef01234567", null).nextError("forbidden", "join");
    }

    @Test
    void aDirectConversationNeedsAnotherUserAndSomeoneWhoAsks() {
        FakeClient nobody = fixture.connect();
        nobody.next("welcome");
        nobody.send(new ClientFrame.Direct("bob")).nextError("bad_request", "direct");

        fixture.joined("lobby", "ada").send(new ClientFrame.Direct("ada")).nextError("bad_request", "direct");
    }

    @Test
    void aBannedUsersMessageIsRefusedBeforeItIsNumbered() {
        FakeClient bob = fixture.joined("staff", "bob");
        fixture.chat.access().setBanned(STAFF, "bob", true);
        // bob's connection is out of the room now; a post that raced the ban meets the broker's own check
        assertEquals("banned", bob.next("left").getString("reason"));
        long seq = fixture.chat.history(STAFF, null, 1).size();

        bob.post("staff", "sneaky", null).nextError("not_joined", "message");

        assertEquals(seq, fixture.chat.history(STAFF, null, 10).size());
    }
}
