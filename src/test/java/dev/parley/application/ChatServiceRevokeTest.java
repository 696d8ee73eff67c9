package dev.parley.application;

import static dev.parley.application.ChatFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.testing.SettableClock;
import dev.parley.testing.Tokens;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Access changes take effect on connections already in the room: a membership taken away, a room made private, a
 * renewed token without the room's grant. Each connection concerned gets {@code left} with reason {@code revoked},
 * the others a presence leave; everybody the rules still admit stays.
 */
class ChatServiceRevokeTest {

    private static final RoomId STAFF = new RoomId("staff");

    private final SettableClock clock = new SettableClock(NOW);
    private final ChatFixture fixture = ChatFixture.signingIn(Map.of(), clock);

    private FakeClient signedIn(String subject, Map<String, String> rooms) {
        FakeClient client = fixture.connect().clear();
        client.auth(Tokens.hs256(subject, subject, NOW.plusSeconds(3600), rooms)).next("authenticated");
        return client;
    }

    private static void assertLeave(FakeClient client, String sub) {
        JsonObject presence = client.next("presence");
        assertEquals("leave", presence.getString("event"));
        assertEquals(sub, presence.getString("sub"));
    }

    @Test
    void aMembershipTakenAwayTakesEveryTabOfItsUserOut() {
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        fixture.chat.access().setMember(STAFF, "ada", Role.MEMBER);
        FakeClient boss = signedIn("boss", Map.of("staff", "owner"));
        boss.join("staff", null).next("joined");
        FakeClient tab1 = signedIn("ada", Map.of());
        FakeClient tab2 = signedIn("ada", Map.of());
        tab1.join("staff", null).next("joined");
        tab2.join("staff", null).next("joined");
        boss.clear();

        fixture.chat.access().setMember(STAFF, "ada", null);

        assertEquals("revoked", tab1.next("left").getString("reason"));
        assertEquals("revoked", tab2.next("left").getString("reason"));
        assertLeave(boss, "ada");
        boss.expectNothing();
        tab1.post("staff", "still?", "m1").nextError("not_joined", "m1");
        tab1.join("staff", null).nextError("forbidden", "join");
        assertNull(tab1.peer().closedFor(), "the connection stays open");
    }

    @Test
    void aMembershipTakenAwayLeavesAUserWhoseTokenGrantsTheRoom() {
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        fixture.chat.access().setMember(STAFF, "ada", Role.MEMBER);
        FakeClient ada = signedIn("ada", Map.of("staff", "member"));
        ada.join("staff", null).next("joined");

        fixture.chat.access().setMember(STAFF, "ada", null);

        ada.expectNothing();
        ada.post("staff", "still here", "m1").next("ack");
    }

    @Test
    void aRoomMadePrivateKeepsOnlyTheUsersItAdmits() {
        fixture.chat.access().setMember(STAFF, "bob", Role.MEMBER);
        FakeClient owner = signedIn("boss", Map.of("staff", "owner"));
        FakeClient bob = signedIn("bob", Map.of());
        FakeClient eve = signedIn("eve", Map.of());
        for (FakeClient client : new FakeClient[] {owner, bob, eve}) {
            client.join("staff", null).next("joined");
        }
        owner.clear();
        bob.clear();

        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);

        assertEquals("revoked", eve.next("left").getString("reason"));
        assertLeave(owner, "eve");
        assertLeave(bob, "eve");
        owner.expectNothing();
        bob.expectNothing();
        fixture.chat.access().setAccess(STAFF, RoomAccess.PUBLIC);
        eve.join("staff", null).next("joined");
    }

    @Test
    void aRenewedTokenWithoutTheRoomsGrantTakesOnlyThatConnectionOutOfOnlyThatRoom() {
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        fixture.chat.access().setAccess(new RoomId("ops"), RoomAccess.PRIVATE);
        FakeClient boss = signedIn("boss", Map.of("staff", "owner"));
        boss.join("staff", null).next("joined");
        FakeClient ada = signedIn("ada", Map.of("staff", "member", "ops", "member"));
        FakeClient otherTab = signedIn("ada", Map.of("staff", "member"));
        ada.join("staff", null).next("joined");
        ada.join("ops", null).next("joined");
        ada.join("lobby", null).next("joined");
        otherTab.join("staff", null).next("joined");
        boss.clear();

        ada.auth(Tokens.hs256("ada", "ada", NOW.plusSeconds(7200), Map.of("ops", "member")));

        ada.next("authenticated");
        assertEquals("staff", ada.next("left").getString("room"));
        ada.expectNothing();
        boss.expectNothing(); // ada is still present in staff through its other tab, whose token still grants it
        ada.post("ops", "still in ops", "m1").next("ack");
        ada.clear().post("lobby", "and the lobby", "m2").next("ack");
        ada.clear().post("staff", "not here", "m3").nextError("not_joined", "m3");
        otherTab.clear().post("staff", "here", "m4").next("ack");
        assertNull(ada.peer().closedFor());
    }

    @Test
    void theLeftFrameOfARevocationNamesTheReason() {
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        FakeClient ada = signedIn("ada", Map.of("staff", "member"));
        ada.join("staff", null).next("joined");

        ada.auth(Tokens.hs256("ada", "ada", NOW.plusSeconds(7200), Map.of())).next("authenticated");

        JsonObject left = ada.next("left");
        assertEquals(Map.of("type", "left", "room", "staff", "reason", "revoked"), Map.of("type",
                left.getString("type"), "room", left.getString("room"), "reason", left.getString("reason")));
        assertEquals(3, left.size());
    }
}
