package dev.parley.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.PresentUser;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import dev.parley.domain.UserName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} owes the application about presence (docs/architecture.md, "Promises"): users
 * (subjects), not connections or names, are present; only a user's arrival or departure is told, with the connection that caused it; a
 * snapshot's version counts every change up to it, so a joiner can tell which events it already holds. An
 * implementation's test runs this beside {@link BrokerContract} (as a nested class) with the same broker factory.
 */
public abstract class PresenceContract extends ContractBrokers {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName ADA = new UserName("ada");
    private static final UserName BOB = new UserName("bob");

    @Test
    void presenceCountsNamesNotConnectionsAndTellsOnlyArrivalsAndDepartures() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);

        Presence first = broker.join(LOBBY, new Member("a1", ADA));
        assertTrue(first.changed());
        assertEquals(List.of(ADA), first.members());
        RoomEvent.PresenceChanged arrival = brokers.next(RoomEvent.PresenceChanged.class);
        assertEquals(new RoomEvent.PresenceChanged(LOBBY, true, ADA, "ada", 1, first.version(), "a1"), arrival);

        Presence secondTab = broker.join(LOBBY, new Member("a2", ADA));
        assertFalse(secondTab.changed());
        assertEquals(first.version(), secondTab.version());
        Presence again = broker.join(LOBBY, new Member("a1", ADA));
        assertFalse(again.changed(), "a connection joining again changes nothing");

        Presence bob = broker.join(LOBBY, new Member("b1", BOB));
        assertEquals(List.of(ADA, BOB), bob.members());
        assertTrue(bob.version() > first.version());
        assertEquals(new RoomEvent.PresenceChanged(LOBBY, true, BOB, "bob", 2, bob.version(), "b1"),
                brokers.next(RoomEvent.PresenceChanged.class));

        assertFalse(broker.leave(LOBBY, new Member("a1", ADA)).changed());
        Presence gone = broker.leave(LOBBY, new Member("a2", ADA));
        assertTrue(gone.changed());
        assertEquals(List.of(BOB), gone.members());
        assertEquals(new RoomEvent.PresenceChanged(LOBBY, false, ADA, "ada", 1, gone.version(), "a2"),
                brokers.next(RoomEvent.PresenceChanged.class));
        assertFalse(broker.leave(LOBBY, new Member("zz", ADA)).changed(), "an unknown connection");
        assertEquals(List.of(new RoomSummary(LOBBY, 1, 0)), broker.rooms());
    }

    @Test
    void twoUsersWhoShareANameArePresentApartAndEachDepartsAlone() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        broker.join(LOBBY, new Member("x1", ADA, "sub-x"));
        brokers.next(RoomEvent.PresenceChanged.class);

        Presence second = broker.join(LOBBY, new Member("y1", ADA, "sub-y"));
        assertTrue(second.changed(), "another subject of the same name arrives");
        assertEquals(new RoomEvent.PresenceChanged(LOBBY, true, ADA, "sub-y", 2, second.version(), "y1"),
                brokers.next(RoomEvent.PresenceChanged.class));
        assertEquals(List.of(ADA), second.members(), "members lists distinct names");
        assertEquals(List.of(new PresentUser(ADA, "sub-x"), new PresentUser(ADA, "sub-y")), second.users());
        assertFalse(broker.join(LOBBY, new Member("x2", ADA, "sub-x")).changed(), "sub-x's second tab");

        Presence xGone = broker.leave(LOBBY, new Member("x1", ADA, "sub-x"));
        assertFalse(xGone.changed(), "sub-x still has a tab in the room");
        xGone = broker.leave(LOBBY, new Member("x2", ADA, "sub-x"));
        assertTrue(xGone.changed());
        assertEquals(new RoomEvent.PresenceChanged(LOBBY, false, ADA, "sub-x", 1, xGone.version(), "x2"),
                brokers.next(RoomEvent.PresenceChanged.class));
        assertEquals(List.of(new PresentUser(ADA, "sub-y")), xGone.users());
        assertEquals(List.of(new RoomSummary(LOBBY, 1, 0)), broker.rooms(), "a room counts its users");
    }

    @Test
    void usersAreSortedByNameThenSubject() {
        Broker broker = broker();
        broker.join(LOBBY, new Member("b", BOB, "1"));
        broker.join(LOBBY, new Member("a2", ADA, "z"));
        Presence presence = broker.join(LOBBY, new Member("a1", ADA, "b"));

        assertEquals(List.of(new PresentUser(ADA, "b"), new PresentUser(ADA, "z"), new PresentUser(BOB, "1")),
                presence.users());
        assertEquals(List.of(ADA, BOB), presence.members());
    }

    @Test
    void eachChangeMakesTheVersionGrowByOneAndTheEventCarriesIt() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        long before = broker.join(LOBBY, new Member("a1", ADA)).version();
        brokers.next(RoomEvent.PresenceChanged.class);

        Presence bob = broker.join(LOBBY, new Member("b1", BOB));
        RoomEvent.PresenceChanged arrived = brokers.next(RoomEvent.PresenceChanged.class);
        Presence gone = broker.leave(LOBBY, new Member("b1", BOB));
        RoomEvent.PresenceChanged departed = brokers.next(RoomEvent.PresenceChanged.class);

        assertEquals(before + 1, bob.version());
        assertEquals(bob.version(), arrived.version());
        assertEquals(before + 2, gone.version());
        assertEquals(gone.version(), departed.version());
    }

    @Test
    void aNameThatLeftArrivesAgainWithANewVersion() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        broker.join(LOBBY, new Member("a1", ADA));
        broker.leave(LOBBY, new Member("a1", ADA));
        Presence again = broker.join(LOBBY, new Member("a2", ADA));

        assertTrue(again.changed());
        assertEquals(List.of(ADA), again.members());
        List<Boolean> arrivals = List.of(brokers.next(RoomEvent.PresenceChanged.class).arrived(),
                brokers.next(RoomEvent.PresenceChanged.class).arrived(),
                brokers.next(RoomEvent.PresenceChanged.class).arrived());
        assertEquals(List.of(true, false, true), arrivals);
    }

    @Test
    void aDepartureNamesTheNameTheConnectionJoinedWith() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        broker.join(LOBBY, new Member("a1", ADA));
        brokers.next(RoomEvent.PresenceChanged.class);

        Presence gone = broker.leave(LOBBY, new Member("a1", BOB));

        assertTrue(gone.changed());
        assertEquals(List.of(), gone.members());
        assertEquals(new RoomEvent.PresenceChanged(LOBBY, false, ADA, "ada", 0, gone.version(), "a1"),
                brokers.next(RoomEvent.PresenceChanged.class));
    }

    @Test
    void eachRoomHasItsOwnPresenceAndItsOwnSubscribers() throws Exception {
        Broker broker = broker();
        RoomId other = new RoomId("other");
        broker.subscribe(other);
        broker.join(LOBBY, new Member("a1", ADA));
        Presence bob = broker.join(other, new Member("a1", BOB));

        assertEquals(List.of(BOB), bob.members(), "one connection may be in two rooms under two names");
        assertEquals(new RoomEvent.PresenceChanged(other, true, BOB, "bob", 1, bob.version(), "a1"),
                brokers.next(RoomEvent.PresenceChanged.class), "the lobby's arrival is not told to other's node");
        assertEquals(List.of(ADA), broker.leave(LOBBY, new Member("zz", ADA)).members());
    }

    @Test
    void leavingARoomThatDoesNotExistChangesNothingAndMakesNoRoom() {
        Broker broker = broker();

        Presence nothing = broker.leave(new RoomId("nowhere"), new Member("a1", ADA));

        assertFalse(nothing.changed());
        assertEquals(List.of(), nothing.members());
        assertEquals(List.<RoomSummary>of(), broker.rooms());
    }
}
