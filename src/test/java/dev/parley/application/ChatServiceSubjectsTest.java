package dev.parley.application;

import static dev.parley.application.ChatFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parley.protocol.ClientFrame;
import dev.parley.domain.RoomId;
import dev.parley.testing.SettableClock;
import dev.parley.testing.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user is a subject everywhere in a room (parley.auth=jwt): two users may share a name and stay two users in
 * presence, typing, {@code joined.users} and moderation; one user's tabs are one user.
 */
class ChatServiceSubjectsTest {

    private final SettableClock clock = new SettableClock(NOW);
    private final ChatFixture fixture = ChatFixture.signingIn(Map.of(), clock);

    /** A connection signed in as {@code subject} shown as {@code name}, its frames so far skipped. */
    private FakeClient signedIn(String subject, String name, Map<String, String> rooms) {
        FakeClient client = fixture.connect().clear();
        client.auth(Tokens.hs256(subject, name, NOW.plusSeconds(3600), rooms)).next("authenticated");
        return client;
    }

    private FakeClient signedIn(String subject, String name) {
        return signedIn(subject, name, Map.of());
    }

    private static JsonArray users(String... subjectsAndNames) {
        var array = Json.createArrayBuilder();
        for (int i = 0; i < subjectsAndNames.length; i += 2) {
            array.add(Json.createObjectBuilder().add("user", subjectsAndNames[i + 1]).add("sub", subjectsAndNames[i]));
        }
        return array.build();
    }

    @Test
    void twoUsersWhoShareANameAreTwoUsersInPresenceAndJoined() {
        FakeClient first = signedIn("u-1", "Sam");
        first.join("lobby", null).next("joined");
        FakeClient second = signedIn("u-2", "Sam");

        JsonObject joined = second.join("lobby", null).next("joined");

        assertEquals(Json.createArrayBuilder().add("Sam").build(), joined.getJsonArray("members"));
        assertEquals(users("u-1", "Sam", "u-2", "Sam"), joined.getJsonArray("users"));
        JsonObject arrival = first.next("presence");
        assertEquals("join", arrival.getString("event"));
        assertEquals("Sam", arrival.getString("user"));
        assertEquals("u-2", arrival.getString("sub"));
        assertEquals(2, arrival.getInt("members"), "members counts subjects");

        second.disconnect();
        JsonObject departure = first.next("presence");
        assertEquals("leave", departure.getString("event"));
        assertEquals("u-2", departure.getString("sub"));
        assertEquals(1, departure.getInt("members"));
    }

    @Test
    void aUsersTabsAreOneUserThatArrivesWithTheFirstAndLeavesWithTheLast() {
        FakeClient bob = signedIn("u-b", "Bob");
        bob.join("lobby", null).next("joined");
        FakeClient tab1 = signedIn("u-a", "Ada");
        tab1.join("lobby", null).next("joined");
        assertEquals("u-a", bob.next("presence").getString("sub"));

        FakeClient tab2 = signedIn("u-a", "Ada");
        assertEquals(users("u-a", "Ada", "u-b", "Bob"), tab2.join("lobby", null).next("joined").getJsonArray("users"));
        bob.expectNothing();
        tab1.leave("lobby").next("left");
        bob.expectNothing();
        tab2.leave("lobby").next("left");
        JsonObject departure = bob.next("presence");
        assertEquals("leave", departure.getString("event"));
        assertEquals("u-a", departure.getString("sub"));
    }

    @Test
    void typingReachesAnotherUserOfTheSameNameButNotTheTypersOtherTab() {
        FakeClient tab1 = signedIn("u-1", "Sam");
        FakeClient tab2 = signedIn("u-1", "Sam");
        FakeClient other = signedIn("u-2", "Sam");
        for (FakeClient client : new FakeClient[] {tab1, tab2, other}) {
            client.join("lobby", null);
        }
        tab1.clear();
        tab2.clear();
        other.clear();

        tab1.typing("lobby");

        JsonObject typing = other.next("typing");
        assertEquals("Sam", typing.getString("user"));
        assertEquals("u-1", typing.getString("sub"));
        tab2.expectNothing();
        tab1.expectNothing();
    }

    @Test
    void aMessageNamesItsAuthorsSubjectWhenItDiffersFromItsName() {
        FakeClient sam = signedIn("u-1", "Sam");
        sam.join("lobby", null).next("joined");
        FakeClient ada = signedIn("ada", "ada");
        ada.join("lobby", null).next("joined");
        sam.clear();

        sam.post("lobby", "hi", "m1").next("ack");
        sam.next("message");
        JsonObject fromSam = ada.next("message");
        assertEquals("u-1", fromSam.getString("sub"));
        assertEquals("Sam", fromSam.getString("user"));

        ada.post("lobby", "hello", "m2").next("ack");
        ada.next("message");
        JsonObject fromAda = sam.next("message");
        assertEquals("ada", fromAda.getString("user"));
        assertFalse(fromAda.containsKey("sub"), "a subject equal to the name is left out");
        JsonObject history = ada.history("lobby", null, 10).next("history").getJsonArray("messages").getJsonObject(0);
        assertEquals("u-1", history.getString("sub"), "history keeps it");
    }

    @Test
    void aModeratorRemovesOneOfTwoUsersWhoShareANameBySubject() {
        FakeClient mod = signedIn("mod", "Mod", Map.of("lobby", "moderator"));
        mod.join("lobby", null).next("joined");
        FakeClient first = signedIn("u-1", "Sam");
        first.join("lobby", null).next("joined");
        FakeClient second = signedIn("u-2", "Sam");
        second.join("lobby", null).next("joined");
        first.clear();
        mod.clear();

        mod.send(new ClientFrame.Moderate(ClientFrame.Action.KICK, new RoomId("lobby"), "u-2"));

        assertEquals(List.of("presence", "moderated"), mod.takeAll());
        assertEquals("kicked", second.next("left").getString("reason"));
        JsonObject departure = first.next("presence");
        assertEquals("u-2", departure.getString("sub"));
        assertEquals("leave", departure.getString("event"));
        first.post("lobby", "still here", "m1").next("ack");
        second.expectNothing();
    }

    @Test
    void twoUsersWhoShareANameAndAClientIdAreNotTakenForEachOthersResends() {
        FakeClient first = signedIn("u-1", "Sam");
        first.join("lobby", null).next("joined");
        FakeClient second = signedIn("u-2", "Sam");
        second.join("lobby", null).next("joined");
        first.clear();

        first.post("lobby", "from the first", "m1");
        assertEquals(1, first.next("ack").getInt("seq"));
        second.clear().post("lobby", "from the second", "m1");
        assertEquals(2, second.next("ack").getInt("seq"), "another subject: a new message, not a resend");
        assertEquals("from the second", second.next("message").getString("text"));
        first.clear().post("lobby", "from the first", "m1");
        assertEquals(1, first.next("ack").getInt("seq"), "the same subject: a resend");
        first.expectNothing();
    }
}
