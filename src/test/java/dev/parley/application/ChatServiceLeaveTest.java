package dev.parley.application;

import static dev.parley.application.ChatFixture.assertPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import jakarta.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Leaving a room, closing a connection, and presence on the way out. */
class ChatServiceLeaveTest {

    private final ChatFixture fixture = new ChatFixture();

    // --- leave ---

    @Test
    void answersLeaveWithLeft() {
        FakeClient ada = fixture.joined("lobby", "ada");

        JsonObject left = ada.leave("lobby").next("left");

        assertEquals(Set.of("type", "room"), left.keySet());
        assertEquals("lobby", left.getString("room"));
        ada.expectNothing();
    }

    @Test
    void announcesTheLeaveToTheOthers() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient carol = fixture.joined("lobby", "carol");
        ada.clear();
        bob.clear();

        carol.leave("lobby");

        JsonObject presence = ada.next("presence");
        assertEquals("lobby", presence.getString("room"));
        assertPresence(presence, "leave", "carol", 2);
        assertPresence(bob.next("presence"), "leave", "carol", 2);
    }

    @Test
    void doesNotAnnounceTheLeaveToTheLeaver() {
        fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");

        bob.leave("lobby").next("left");

        bob.expectNothing();
    }

    @Test
    void announcesALeaveOnlyWhenTheNamesLastConnectionLeaves() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient adaTab2 = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");

        ada.clear().leave("lobby").next("left");
        bob.expectNothing();
        adaTab2.clear();

        adaTab2.leave("lobby").next("left");
        assertPresence(bob.next("presence"), "leave", "ada", 1);
    }

    @Test
    void theOtherTabStaysInTheRoom() {
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient adaTab2 = fixture.joined("lobby", "ada");
        ada.leave("lobby").clear();

        bob.post("lobby", "hi", null);

        adaTab2.next("message");
        ada.expectNothing();
    }

    @Test
    void aLeftRoomNoLongerAcceptsFrames() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.leave("lobby").next("left");

        ada.post("lobby", "hi", "c1").nextError("not_joined", "c1");
    }

    @Test
    void aLeftConnectionNoLongerReceivesTheRoom() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.leave("lobby").clear();

        bob.post("lobby", "hi", null);

        ada.expectNothing();
    }

    @Test
    void refusesLeavingARoomNotJoined() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.leave("dev").nextError("not_joined", "leave");
    }

    @Test
    void leavingTwiceIsRefusedTheSecondTime() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear().leave("lobby").next("left");
        bob.clear();

        ada.leave("lobby").nextError("not_joined", "leave");
        bob.expectNothing();
    }

    @Test
    void aNameCanComeBackAfterLeaving() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.leave("lobby").clear();
        bob.clear();

        ada.join("lobby", null).next("joined");

        assertPresence(bob.next("presence"), "join", "ada", 2);
    }

    // --- disconnect ---

    @Test
    void aClosedConnectionLeavesEveryRoomAndTheOthersHearOfIt() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.join("dev", null).clear();
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient carol = fixture.joined("dev", "carol");

        ada.disconnect();

        JsonObject inLobby = bob.next("presence");
        assertEquals("lobby", inLobby.getString("room"));
        assertPresence(inLobby, "leave", "ada", 1);
        JsonObject inDev = carol.next("presence");
        assertEquals("dev", inDev.getString("room"));
        assertPresence(inDev, "leave", "ada", 1);
    }

    @Test
    void aClosedConnectionGetsNoFrameAndItsPeerIsDiscarded() {
        FakeClient ada = fixture.joined("lobby", "ada");
        fixture.joined("lobby", "bob");
        ada.clear();

        ada.disconnect();

        ada.expectNothing();
        assertTrue(ada.peer().isDiscarded());
    }

    @Test
    void closingOneOfTwoTabsAnnouncesNothing() {
        FakeClient ada = fixture.joined("lobby", "ada");
        fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");

        ada.disconnect();

        bob.expectNothing();
    }

    @Test
    void aClosedConnectionNoLongerReceivesTheRoom() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear().disconnect();

        bob.post("lobby", "hi", null);

        ada.expectNothing();
    }

    @Test
    void disconnectingTwiceAnnouncesOnce() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.disconnect();
        bob.next("presence");

        ada.disconnect();

        bob.expectNothing();
    }

    @Test
    void disconnectingWithoutAnyRoomAnnouncesNothing() {
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient ada = fixture.connect();

        ada.disconnect();

        bob.expectNothing();
        assertTrue(ada.peer().isDiscarded());
    }

    @Test
    void ignoresFramesAfterDisconnect() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear().disconnect();
        bob.clear();

        ada.post("lobby", "ghost", "c1");
        ada.typing("lobby");
        ada.send(new ClientFrame.Ping());
        ada.join("dev", null);

        ada.expectNothing();
        bob.expectNothing();
    }

    @Test
    void aClosedConnectionCannotRejoin() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.disconnect();
        FakeClient bob = fixture.joined("lobby", "bob");

        ada.join("lobby", null);

        ada.expectNothing();
        bob.expectNothing();
    }

    // --- errors for frames that could not be decoded ---

    @Test
    void rejectAnswersWithAnErrorFrame() {
        FakeClient ada = fixture.connect().clear();

        fixture.chat.reject(ada.connection(), ErrorCode.BAD_REQUEST, "frame is not valid JSON", null);

        JsonObject error = ada.nextError("bad_request", null);
        assertEquals(Set.of("type", "code", "message"), error.keySet());
        assertEquals("frame is not valid JSON", error.getString("message"));
    }

    @Test
    void rejectCarriesTheRef() {
        FakeClient ada = fixture.connect().clear();

        fixture.chat.reject(ada.connection(), ErrorCode.BAD_REQUEST, "since must not be negative", "join");

        ada.nextError("bad_request", "join");
    }

    @Test
    void aPeerThatAsksForNoDrainIsNotDrained() {
        FakeClient quiet = fixture.connect(false);

        quiet.join("lobby", "ada");

        assertEquals(2, quiet.peer().inbox().size());
        assertEquals(0, quiet.peer().drains());
        assertFalse(quiet.peer().isDiscarded());
    }
}
