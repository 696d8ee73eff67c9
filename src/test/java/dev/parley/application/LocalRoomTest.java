package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.broker.RoomEvent;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.PresentUser;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A joiner's snapshot and the events that arrive while it is read: with a broker that delivers on another thread
 * (Redis), messages and presence changes can arrive between the join and its snapshot, and some of them are in it.
 */
class LocalRoomTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName ADA = new UserName("ada");
    private static final UserName BOB = new UserName("bob");
    private static final int MAX_KEPT = 10;

    private final ChatFixture fixture = new ChatFixture();
    private final LocalRoom room = new LocalRoom(LOBBY, new FrameEncoder(), MAX_KEPT);
    private final FakeClient bob = fixture.connect().clear();
    private final FakeClient ada = fixture.connect().clear();

    @Test
    void aJoinerGetsJoinedThenExactlyTheEventsAfterItsSnapshot() {
        enterLive(bob, BOB);
        room.enter(ada.connection(), ADA.value());
        try (Fanout out = new Fanout()) {
            room.deliver(published(4), null, out);
            room.deliver(published(5), null, out);
            room.deliver(new RoomEvent.PresenceChanged(LOBBY, true, ADA, "ada", 2, 7, ada.connection().id()), out);
            room.deliver(new RoomEvent.PresenceChanged(LOBBY, true, new UserName("cy"), "cy", 3, 8, "elsewhere"), out);
            room.deliver(published(6), null, out);
            room.deliver(new RoomEvent.Typing(LOBBY, BOB, "bob"), out);
            room.joined(ada.connection(), joined(5), 7, out);
            room.deliver(published(5), null, out); // a late copy from a broker that repeats itself
            room.deliver(published(7), null, out);
        }

        assertEquals(List.of("joined 5", "presence", "message 6", "message 7"), ada.takeAll());
        assertEquals(List.of("message 4", "message 5", "presence", "presence", "message 6", "message 7"),
                bob.takeAll(), "bob is live: every event once, ada's arrival included");
    }

    @Test
    void aJoinerIntoANewEpochSkipsWhatItKeptOfTheOldOne() {
        room.enter(ada.connection(), ADA.value());
        try (Fanout out = new Fanout()) {
            room.deliver(published(2), null, out); // e1's seq 2, from before the room was made anew
            room.joined(ada.connection(), new ServerFrame.Joined(LOBBY, ADA, List.of(user(ADA)), 1, "e2", List.of(), false),
                    0, out);
            room.deliver(new RoomEvent.Published(new ChatMessage(LOBBY, 2, null, BOB, "new", ChatFixture.NOW), "e2",
                    null), null, out);
        }
        assertEquals(List.of("joined 1", "message 2"), ada.takeAll());
        assertEquals(null, ada.peer().closedFor());
    }

    @Test
    void aMemberGivenAMessageOfAnotherEpochIsClosedToRejoin() {
        enterLive(ada, ADA);
        try (Fanout out = new Fanout()) {
            room.deliver(new RoomEvent.Published(new ChatMessage(LOBBY, 1, null, BOB, "elsewhere", ChatFixture.NOW),
                    "e2", null), null, out);
        }
        ada.expectNothing();
        assertEquals(CloseCause.ROOM_RESET, ada.peer().closedFor());
    }

    @Test
    void aResetClosesOnlyTheMembersThatWouldMissMessages() {
        FakeClient cy = fixture.connect().clear();
        enterLive(ada, ADA);                                        // e1, at 0
        room.enter(bob.connection(), BOB.value());
        room.enter(cy.connection(), "cy");
        try (Fanout out = new Fanout()) {
            room.joined(bob.connection(), joinedIn("e2", 3), 0, out); // joined after the room was made anew
            room.reset(new RoomEvent.Reset(LOBBY, "made anew", "e2", 0));
            room.joined(cy.connection(), joinedIn("e2", 4), 0, out);  // its snapshot was read after the reset
            room.deliver(new RoomEvent.Published(new ChatMessage(LOBBY, 5, null, BOB, "new", ChatFixture.NOW), "e2",
                    null), bob.connection(), out);
        }
        assertEquals(CloseCause.ROOM_RESET, ada.peer().closedFor(), "a member of the old epoch rejoins");
        assertEquals(null, bob.peer().closedFor());
        assertEquals(List.of("joined 3", "ack 5", "message 5"), bob.takeAll());
        assertEquals(null, cy.peer().closedFor());
        assertEquals(List.of("joined 4", "message 5"), cy.takeAll());
    }

    @Test
    void aJoinerWhoseSnapshotIsBehindAResetIsClosedInsteadOfJoined() {
        room.enter(ada.connection(), ADA.value());
        try (Fanout out = new Fanout()) {
            room.reset(new RoomEvent.Reset(LOBBY, "messages 3..6 lost", "e1", 6));
            room.joined(ada.connection(), joined(2), 0, out);
        }
        ada.expectNothing();
        assertEquals(CloseCause.ROOM_RESET, ada.peer().closedFor());
    }

    @Test
    void theConnectionThatCausedAPresenceChangeDoesNotHearOfIt() {
        enterLive(bob, BOB);
        enterLive(ada, ADA);
        try (Fanout out = new Fanout()) {
            room.deliver(new RoomEvent.PresenceChanged(LOBBY, true, ADA, "ada", 2, 3, ada.connection().id()), out);
        }
        ada.expectNothing();
        assertEquals(List.of("presence"), bob.takeAll());
    }

    @Test
    void theSenderIsAckedBeforeTheEcho() {
        enterLive(ada, ADA);
        try (Fanout out = new Fanout()) {
            room.deliver(published(1), ada.connection(), out);
        }
        assertEquals(List.of("ack 1", "message 1"), ada.takeAll());
    }

    @Test
    void aJoinerThatFallsTooFarBehindIsCutOff() {
        room.enter(ada.connection(), ADA.value());
        try (Fanout out = new Fanout()) {
            for (int seq = 1; seq <= MAX_KEPT + 1; seq++) {
                room.deliver(published(seq), null, out);
            }
        }
        assertEquals(CloseCause.TOO_SLOW, ada.peer().closedFor());
    }

    @Test
    void theLastMemberOutRetiresTheRoom() {
        enterLive(ada, ADA);
        try (Fanout out = new Fanout()) {
            assertEquals(true, room.leave(ada.connection(), Departure.ASKED, out));
        }
        assertEquals(List.of("left"), ada.takeAll());
        assertEquals(false, room.enter(bob.connection(), BOB.value()), "a retired room takes nobody");
    }

    @Test
    void onlyALeaveTheMemberAskedForIsAnswered() {
        enterLive(ada, ADA);
        enterLive(bob, BOB);
        FakeClient cy = fixture.connect().clear();
        enterLive(cy, new UserName("cy"));
        try (Fanout out = new Fanout()) {
            room.leave(bob.connection(), Departure.DISCONNECTED, out);
            room.leave(cy.connection(), Departure.JOIN_FAILED, out);
            room.leave(ada.connection(), Departure.ASKED, out);
        }
        assertEquals(List.of(), bob.takeAll(), "a closing connection has nobody to answer");
        assertEquals(List.of(), cy.takeAll(), "a failed join is answered by its error");
        assertEquals(List.of("left"), ada.takeAll());
    }

    private void enterLive(FakeClient client, UserName name) {
        room.enter(client.connection(), name.value());
        try (Fanout out = new Fanout()) {
            room.joined(client.connection(), joined(0), 0, out);
        }
        client.clear();
    }

    private static ServerFrame.Joined joined(long seq) {
        return joinedIn("e1", seq);
    }

    private static ServerFrame.Joined joinedIn(String epoch, long seq) {
        return new ServerFrame.Joined(LOBBY, ADA, List.of(user(ADA), user(BOB)), seq, epoch, List.of(), false);
    }

    private static RoomEvent.Published published(long seq) {
        return new RoomEvent.Published(new ChatMessage(LOBBY, seq, null, BOB, "m" + seq, ChatFixture.NOW), "e1", null);
    }

    private static PresentUser user(UserName name) {
        return new PresentUser(name, name.value());
    }
}
