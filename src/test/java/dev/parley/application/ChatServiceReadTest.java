package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parley.domain.Identity;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import dev.parley.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Read markers, unread counts, the room list and activity, on the memory broker without an archive. */
class ChatServiceReadTest {

    private final ChatFixture fixture = new ChatFixture();

    private static ClientFrame.Read read(String room, long seq) {
        return new ClientFrame.Read(new RoomId(room), seq);
    }

    private static ClientFrame.Rooms rooms() {
        return new ClientFrame.Rooms();
    }

    /** Posts each text a second apart (the rate limit never refuses one) and drops the answers. */
    private void post(FakeClient client, String room, int count) {
        for (int i = 0; i < count; i++) {
            fixture.waitASecond();
            client.post(room, client.connection().name() + " " + i, null);
        }
        client.clear();
    }

    @Test
    void aFirstJoinStartsTheMarkerAtTheLatestMessage() {
        FakeClient bob = fixture.joined("lobby", "bob");
        post(bob, "lobby", 3);

        JsonObject joined = fixture.connect().join("lobby", "ada").takeAllAndFind("joined");

        assertEquals(3, joined.getInt("read"));
        assertEquals(0, joined.getInt("unread"));
    }

    @Test
    void unreadCountsTheOtherUsersMessagesAfterTheMarker() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        post(bob, "lobby", 3);
        post(ada, "lobby", 2);

        JsonObject joined = fixture.connect().join("lobby", "ada").takeAllAndFind("joined");

        assertEquals(0, joined.getInt("read"));
        assertEquals(3, joined.getInt("unread"));
        assertEquals(5, joined.getInt("seq"));
    }

    @Test
    void aReadReachesTheUsersOtherConnectionsOnly() {
        FakeClient tab1 = fixture.joined("lobby", "ada");
        FakeClient tab2 = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        post(bob, "lobby", 3);
        tab1.clear();
        tab2.clear();

        tab1.send(read("lobby", 2));

        JsonObject moved = tab2.next("read");
        assertEquals("lobby", moved.getString("room"));
        assertEquals(2, moved.getInt("seq"));
        assertEquals(1, moved.getInt("unread"));
        tab2.expectNothing();
        tab1.expectNothing();
        bob.expectNothing();
    }

    @Test
    void aMarkerNeverMovesBackNorPastTheLatestMessage() {
        FakeClient tab1 = fixture.joined("lobby", "ada");
        FakeClient tab2 = fixture.joined("lobby", "ada");
        post(fixture.joined("lobby", "bob"), "lobby", 3);
        tab1.send(read("lobby", 2)).clear();
        tab2.clear();

        tab1.send(read("lobby", 1)).send(read("lobby", 2));
        tab2.expectNothing();

        tab1.send(read("lobby", 99));
        JsonObject moved = tab2.next("read");
        assertEquals(3, moved.getInt("seq"));
        assertEquals(0, moved.getInt("unread"));
        tab1.send(read("lobby", 50));
        tab2.expectNothing();
        tab1.expectNothing();
    }

    @Test
    void readNeedsTheRoomJoined() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.send(read("dev", 1)).nextError("not_joined", "read");
        ada.expectNothing();
    }

    @Test
    void theRoomListIsNewestFirstWithQuietRoomsLastByName() {
        SettableClock clock = new SettableClock(ChatFixture.NOW);
        ChatFixture stamped = ChatFixture.stampedBy(clock);
        FakeClient ada = stamped.joined("lobby", "ada");
        ada.join("zoo", null).join("attic", null).join("dev", null).clear();
        FakeClient bob = stamped.joined("lobby", "bob");
        bob.join("dev", null).clear();
        for (String room : new String[] {"lobby", "lobby", "dev", "dev", "lobby"}) {
            clock.advance(Duration.ofSeconds(1));
            stamped.waitASecond();
            bob.post(room, "bob in " + room, null);
        }
        ada.clear();

        JsonArray list = ada.send(rooms()).next("rooms").getJsonArray("rooms");

        assertEquals(List.of("lobby", "dev", "attic", "zoo"), list.stream()
                .map(room -> room.asJsonObject().getString("room")).toList());
        JsonObject lobby = list.getJsonObject(0);
        assertEquals(3, lobby.getInt("seq"));
        assertEquals(0, lobby.getInt("read"));
        assertEquals(3, lobby.getInt("unread"));
        assertEquals("bob in lobby", lobby.getJsonObject("last").getString("text"));
        assertEquals(2, list.getJsonObject(1).getInt("unread"));
        assertFalse(list.getJsonObject(2).containsKey("last"));
        assertEquals(0, list.getJsonObject(3).getInt("seq"));
    }

    @Test
    void theRoomListNeedsAUser() {
        FakeClient nobody = fixture.connect();
        nobody.next("welcome");

        nobody.send(rooms()).nextError("bad_request", "rooms");
    }

    @Test
    void aWatchingConnectionGetsActivityForOthersMessagesAndTheUsersReads() {
        FakeClient tab1 = fixture.joined("dev", "ada");
        tab1.join("lobby", null).clear();
        FakeClient tab2 = fixture.joined("lobby", "ada");
        tab2.send(rooms()).next("rooms");
        FakeClient bob = fixture.joined("dev", "bob");
        tab1.clear();

        fixture.waitASecond();
        bob.post("dev", "news", null);
        fixture.waitASecond();
        tab1.post("dev", "mine", null);
        tab1.clear();
        JsonObject activity = tab2.next("activity");
        assertEquals("dev", activity.getString("room"));
        assertEquals(1, activity.getInt("seq"));
        tab2.expectNothing(); // not for its user's own message

        tab1.send(read("dev", 2));
        JsonObject moved = tab2.next("read");
        assertEquals("dev", moved.getString("room"));
        assertEquals(0, moved.getInt("unread"));
        tab2.expectNothing();
    }

    @Test
    void aClosedWatcherGetsNothingAndAskingAgainReplacesTheWatchedRooms() {
        FakeClient tab1 = fixture.joined("dev", "ada");
        FakeClient tab2 = fixture.joined("lobby", "ada");
        tab2.send(rooms()).next("rooms");
        FakeClient bob = fixture.joined("dev", "bob");
        tab1.leave("dev").clear(); // dev leaves ada's list: asking again stops the watch
        tab2.send(rooms()).next("rooms");

        fixture.waitASecond();
        bob.post("dev", "news", null);
        tab2.expectNothing();

        FakeClient tab3 = fixture.joined("dev", "ada");
        FakeClient tab4 = fixture.joined("lobby", "ada");
        tab4.send(rooms()).next("rooms");
        tab4.disconnect();
        fixture.waitASecond();
        bob.post("dev", "again", null);
        tab3.next("message");
        assertEquals(List.of(), tab4.takeAll());
    }

    @Test
    void leavingTakesTheRoomOutOfTheList() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.join("dev", null).clear();

        ada.leave("dev").next("left");

        JsonArray list = ada.send(rooms()).next("rooms").getJsonArray("rooms");
        assertEquals(List.of("lobby"), list.stream().map(room -> room.asJsonObject().getString("room")).toList());
    }

    @Test
    void aBanTakesTheRoomOutOfTheList() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.join("dev", null).clear();

        fixture.chat.access().setBanned(new RoomId("dev"), "ada", true);
        ada.clear();

        JsonArray list = ada.send(rooms()).next("rooms").getJsonArray("rooms");
        assertEquals(List.of("lobby"), list.stream().map(room -> room.asJsonObject().getString("room")).toList());
    }

    @Test
    void aDirectConversationIsInBothUsersLists() {
        FakeClient ada = signedIn("ada");
        FakeClient bob = signedIn("bob");

        String room = ada.send(new ClientFrame.Direct("bob")).next("direct").getString("room");

        JsonArray list = bob.send(rooms()).next("rooms").getJsonArray("rooms");
        assertEquals(List.of(room), list.stream().map(entry -> entry.asJsonObject().getString("room")).toList());
    }

    @Test
    void withoutAnArchiveMessagesOlderThanTheWindowCountWhoeverWroteThem() {
        ChatFixture small = new ChatFixture(Map.of("PARLEY_HISTORY_SIZE", "5"));
        FakeClient ada = small.joined("lobby", "ada");
        FakeClient bob = small.joined("lobby", "bob");
        for (int i = 0; i < 6; i++) {
            small.waitASecond();
            ada.post("lobby", "mine " + i, null);
        }
        for (int i = 0; i < 4; i++) {
            small.waitASecond();
            bob.post("lobby", "his " + i, null);
        }

        JsonObject joined = small.connect().join("lobby", "ada").takeAllAndFind("joined");

        // seqs 1-5 are below the window (5 of them, counted), 6 is ada's, 7-10 bob's
        assertEquals(9, joined.getInt("unread"));
    }

    /** A connection signed in as {@code subject} (no token needed in a unit test), its welcome skipped. */
    private FakeClient signedIn(String subject) {
        FakeClient client = fixture.connect();
        client.next("welcome");
        client.connection().bind(new Identity(subject, new UserName(subject), Map.of(), null));
        return client;
    }
}
