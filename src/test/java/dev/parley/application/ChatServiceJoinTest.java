package dev.parley.application;

import static dev.parley.application.ChatFixture.assertPresence;
import static dev.parley.application.ChatFixture.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Connecting, joining, the bound name, members and presence on join, the room cap. */
class ChatServiceJoinTest {

    private final ChatFixture fixture = new ChatFixture();
    /** A chat that allows two rooms per connection, made by {@link #cappedAtTwoRooms()}. */
    private ChatFixture capped;

    // --- welcome ---

    @Test
    void welcomesANewConnectionWithItsSessionAndTheLimits() {
        FakeClient ada = fixture.connect();

        JsonObject welcome = ada.next("welcome");

        assertEquals(Set.of("type", "session", "limits"), welcome.keySet());
        assertEquals(ada.connection().id(), welcome.getString("session"));
        JsonObject limits = welcome.getJsonObject("limits");
        assertEquals(Set.of("maxTextChars", "maxFrameBytes", "messagesPerSecond"), limits.keySet());
        assertEquals(4000, limits.getInt("maxTextChars"));
        assertEquals(65536, limits.getInt("maxFrameBytes"));
        assertEquals(20, limits.getInt("messagesPerSecond"));
        ada.expectNothing();
    }

    @Test
    void welcomeAnnouncesTheConfiguredLimits() {
        ChatFixture configured = new ChatFixture(Map.of("PARLEY_MAX_TEXT_CHARS", "10",
                "PARLEY_MAX_FRAME_BYTES", "2048", "PARLEY_MESSAGES_PER_SECOND", "3"));

        JsonObject limits = configured.connect().next("welcome").getJsonObject("limits");

        assertEquals(10, limits.getInt("maxTextChars"));
        assertEquals(2048, limits.getInt("maxFrameBytes"));
        assertEquals(3, limits.getInt("messagesPerSecond"));
    }

    @Test
    void givesEachConnectionItsOwnSession() {
        String first = fixture.connect().next("welcome").getString("session");
        String second = fixture.connect().next("welcome").getString("session");

        assertNotEquals(first, second);
        assertTrue(first.length() >= 8, first);
    }

    @Test
    void aNewConnectionHasNoName() {
        assertNull(fixture.connect().connection().name());
    }

    // --- join and the bound name ---

    @Test
    void answersTheFirstJoinWithJoined() {
        FakeClient ada = fixture.connect().clear();

        JsonObject joined = ada.join("lobby", "ada").next("joined");

        assertEquals(Set.of("type", "room", "user", "members", "users", "seq", "epoch", "history", "recovered",
                "rev", "read", "unread"), joined.keySet());
        assertEquals("lobby", joined.getString("room"));
        assertEquals("ada", joined.getString("user"));
        assertEquals(List.of("ada"), strings(joined.getJsonArray("members")));
        assertEquals("[{\"user\":\"ada\",\"sub\":\"ada\"}]", joined.getJsonArray("users").toString(),
                "in open mode a user's subject is its name");
        assertEquals(0, joined.getInt("seq"));
        assertEquals(List.of(), joined.getJsonArray("history"));
        assertEquals(JsonValue.FALSE, joined.get("recovered"));
        ada.expectNothing();
    }

    @Test
    void theFirstJoinBindsTheName() {
        FakeClient ada = fixture.joined("lobby", "ada");

        assertEquals("ada", ada.connection().name().value());
    }

    @Test
    void refusesAFirstJoinWithoutName() {
        FakeClient nobody = fixture.connect().clear();

        nobody.join("lobby", null).nextError("bad_request", "join");

        nobody.expectNothing();
        assertNull(nobody.connection().name());
    }

    @Test
    void aRefusedFirstJoinDoesNotEnterTheRoom() {
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient nobody = fixture.connect().clear();
        nobody.join("lobby", null).clear();

        nobody.typing("lobby").nextError("not_joined", "typing");
        bob.expectNothing();
    }

    @Test
    void refusesALaterJoinWithADifferentName() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.join("dev", "eve").nextError("bad_request", "join");

        ada.expectNothing();
        assertEquals("ada", ada.connection().name().value());
    }

    @Test
    void aJoinWithADifferentNameDoesNotEnterTheRoom() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.join("dev", "eve").clear();

        ada.typing("dev").nextError("not_joined", "typing");
    }

    @Test
    void aJoinWithADifferentNameInTheSameRoomChangesNothing() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear();

        ada.join("lobby", "eve").nextError("bad_request", "join");

        bob.expectNothing();
        assertEquals(List.of("ada", "bob", "dave"), strings(membersSeenBy("lobby", "dave")));
    }

    @Test
    void acceptsALaterJoinRepeatingTheSameName() {
        FakeClient ada = fixture.joined("lobby", "ada");

        assertEquals("ada", ada.join("dev", "ada").next("joined").getString("user"));
    }

    @Test
    void acceptsALaterJoinWithoutName() {
        FakeClient ada = fixture.joined("lobby", "ada");

        JsonObject joined = ada.join("dev", null).next("joined");

        assertEquals("dev", joined.getString("room"));
        assertEquals("ada", joined.getString("user"));
    }

    @Test
    void namesAreCaseSensitive() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.join("dev", "Ada").nextError("bad_request", "join");
    }

    // --- members ---

    @Test
    void listsTheDistinctMembersSorted() {
        fixture.joined("lobby", "carol");
        fixture.joined("lobby", "ada");
        fixture.joined("lobby", "bob");
        fixture.joined("lobby", "ada");

        assertEquals(List.of("ada", "bob", "carol", "dave"), strings(membersSeenBy("lobby", "dave")));
    }

    @Test
    void membersAreCountedPerRoom() {
        fixture.joined("lobby", "ada");
        fixture.joined("dev", "bob");

        assertEquals(List.of("bob", "carol"), strings(membersSeenBy("dev", "carol")));
    }

    // --- presence on join ---

    @Test
    void announcesANewNameToTheOthers() {
        FakeClient ada = fixture.joined("lobby", "ada");

        fixture.joined("lobby", "bob");

        JsonObject presence = ada.next("presence");
        assertEquals(Set.of("type", "room", "event", "user", "sub", "members"), presence.keySet());
        assertEquals("lobby", presence.getString("room"));
        assertEquals("bob", presence.getString("sub"));
        assertPresence(presence, "join", "bob", 2);
        ada.expectNothing();
    }

    @Test
    void doesNotAnnounceTheJoinerToItself() {
        fixture.joined("lobby", "ada");
        FakeClient bob = fixture.connect().clear();

        bob.join("lobby", "bob").next("joined");

        bob.expectNothing();
    }

    @Test
    void doesNotAnnounceASecondConnectionOfTheSameName() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear();

        FakeClient adaTab2 = fixture.joined("lobby", "ada");

        ada.expectNothing();
        bob.expectNothing();
        adaTab2.expectNothing();
    }

    @Test
    void aSecondConnectionOfTheSameNameSeesItOnceInMembers() {
        fixture.joined("lobby", "ada");
        fixture.joined("lobby", "bob");
        FakeClient adaTab2 = fixture.connect().clear();

        JsonObject joined = adaTab2.join("lobby", "ada").next("joined");

        assertEquals(List.of("ada", "bob"), strings(joined.getJsonArray("members")));
    }

    @Test
    void doesNotAnnounceToOtherRooms() {
        FakeClient ada = fixture.joined("dev", "ada");

        fixture.joined("lobby", "bob");

        ada.expectNothing();
    }

    @Test
    void rejoiningARoomAnswersJoinedAgainWithoutPresence() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear();

        JsonObject joined = ada.join("lobby", null).next("joined");

        assertEquals(List.of("ada", "bob"), strings(joined.getJsonArray("members")));
        ada.expectNothing();
        bob.expectNothing();
    }

    @Test
    void rejoiningDoesNotCountTheConnectionTwice() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.join("lobby", null).clear();

        ada.leave("lobby");

        assertPresence(bob.next("presence"), "leave", "ada", 1);
    }

    // --- the room cap ---

    @Test
    void refusesAJoinBeyondMaxRoomsPerConnection() {
        FakeClient ada = cappedAtTwoRooms();

        ada.join("c", null).nextError("bad_request", "join");

        ada.typing("c").nextError("not_joined", "typing");
    }

    @Test
    void rejoiningARoomAtTheCapIsAllowed() {
        FakeClient ada = cappedAtTwoRooms();

        assertEquals("a", ada.join("a", null).next("joined").getString("room"));
    }

    @Test
    void leavingARoomMakesPlaceUnderTheCap() {
        FakeClient ada = cappedAtTwoRooms();
        ada.leave("a").next("left");

        assertEquals("c", ada.join("c", null).next("joined").getString("room"));
    }

    @Test
    void theCapIsPerConnection() {
        cappedAtTwoRooms();
        FakeClient adaTab2 = capped.connect().clear();

        adaTab2.join("c", "ada").next("joined");
    }

    // --- helpers ---

    /** A connection of a chat that allows two rooms per connection, in rooms a and b, with an empty inbox. */
    private FakeClient cappedAtTwoRooms() {
        capped = new ChatFixture(Map.of("PARLEY_MAX_ROOMS_PER_CONNECTION", "2"));
        FakeClient ada = capped.joined("a", "ada");
        ada.join("b", null).next("joined");
        return ada;
    }

    /** The members a new connection named {@code name} is told when it joins {@code room}. */
    private JsonArray membersSeenBy(String room, String name) {
        FakeClient client = fixture.connect().clear();
        return client.join(room, name).next("joined").getJsonArray("members");
    }
}
