package dev.parley.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.domain.MessageChange;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} owes the application about read markers ({@link ReadMarkers}): a marker starts at the
 * room's latest seq, only moves forward and never past the latest; unread counts other users' messages after it; a
 * move reaches the subscribers as a {@link RoomEvent.Read} in the room's order; the markers of a subject are its room
 * list. An implementation's test runs this as a nested class with its broker factory.
 */
public abstract class ReadMarkersContract extends ContractBrokers {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final RoomId DEV = new RoomId("dev");
    private static final RoomId ZOO = new RoomId("zoo");
    private static final UserName ADA = new UserName("ada");
    private static final UserName BOB = new UserName("bob");

    /**
     * Whether messages older than the broker's recent window are counted exactly (it keeps an archive); without one,
     * they count as unread whoever wrote them.
     */
    protected boolean countsOlderExactly() {
        return false;
    }

    private static Post post(RoomId room, UserName user, String text) {
        return new Post(room, user, text, null, null);
    }

    @Test
    void aMarkerStartsAtTheLatestMessageAndCountsOtherUsersMessagesAfterIt() {
        Broker broker = broker();
        broker.publish(post(LOBBY, BOB, "before"));

        assertEquals(new ReadState(1, 0, 1, false), broker.readState(LOBBY, "ada"));

        broker.publish(post(LOBBY, BOB, "one"));
        broker.publish(post(LOBBY, ADA, "mine"));
        broker.publish(post(LOBBY, BOB, "two"));
        assertEquals(new ReadState(1, 2, 4, false), broker.readState(LOBBY, "ada"));
        assertEquals(new ReadState(4, 0, 4, false), broker.readState(LOBBY, "bob"), "bob's first look");
    }

    @Test
    void aMarkerMovesForwardOnlyAndNeverPastTheLatest() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        broker.readState(LOBBY, "ada");
        for (int i = 1; i <= 4; i++) {
            broker.publish(post(LOBBY, BOB, "m" + i));
            brokers.next(RoomEvent.Published.class);
        }

        assertEquals(new ReadState(2, 2, 4, true), broker.markRead(LOBBY, "ada", 2, "a1"));
        assertEquals(new RoomEvent.Read(LOBBY, "ada", 2, 2, "a1"), brokers.next(RoomEvent.Read.class));

        assertEquals(new ReadState(2, 2, 4, false), broker.markRead(LOBBY, "ada", 1, "a1"));
        assertEquals(new ReadState(2, 2, 4, false), broker.markRead(LOBBY, "ada", 2, "a2"));
        assertEquals(new ReadState(4, 0, 4, true), broker.markRead(LOBBY, "ada", 99, "a2"));
        assertEquals(new RoomEvent.Read(LOBBY, "ada", 4, 0, "a2"), brokers.next(RoomEvent.Read.class),
                "the ignored reads delivered nothing");
        assertFalse(broker.markRead(LOBBY, "ada", 99, null).moved());
        broker.publish(post(LOBBY, BOB, "m5"));
        assertEquals(5, brokers.next(RoomEvent.Published.class).message().seq(), "nothing came before it");
    }

    @Test
    void aReadWithoutAMarkerMakesOne() {
        Broker broker = broker();
        broker.publish(post(LOBBY, BOB, "m1"));
        broker.publish(post(LOBBY, BOB, "m2"));

        assertEquals(new ReadState(1, 1, 2, true), broker.markRead(LOBBY, "ada", 1, null));
        assertEquals(List.of(LOBBY), broker.roomsOf("ada").stream().map(RoomView::room).toList());
    }

    @Test
    void theRoomListIsTheMarkersNewestFirst() {
        Broker broker = broker();
        broker.readState(ZOO, "ada");
        broker.readState(LOBBY, "ada");
        broker.readState(DEV, "ada");
        broker.publish(post(LOBBY, BOB, "old"));
        broker.publish(post(DEV, BOB, "d1"));
        broker.publish(post(DEV, ADA, "d2"));
        awaitLaterMillisecond(broker);
        broker.publish(post(LOBBY, BOB, "new"));

        List<RoomView> rooms = broker.roomsOf("ada");

        assertEquals(List.of(LOBBY, DEV, ZOO), rooms.stream().map(RoomView::room).toList());
        RoomView lobby = rooms.get(0);
        assertEquals(2, lobby.seq());
        assertEquals(0, lobby.read());
        assertEquals(2, lobby.unread());
        assertEquals("new", lobby.last().text());
        assertEquals(1, rooms.get(1).unread(), "ada's own message does not count");
        assertNull(rooms.get(2).last());
        assertEquals(List.of(), broker.roomsOf("nobody"));
    }

    @Test
    void forgetTakesARoomOutOfTheListAndBelongPutsItIn() {
        Broker broker = broker();
        broker.publish(post(DEV, BOB, "d1"));
        broker.readState(LOBBY, "ada");
        broker.readState(DEV, "ada");

        broker.forget(DEV, "ada");
        broker.forget(ZOO, "ada");
        assertEquals(List.of(LOBBY), broker.roomsOf("ada").stream().map(RoomView::room).toList());

        broker.belong(DEV, "ada");
        broker.belong(DEV, "ada");
        RoomView dev = broker.roomsOf("ada").get(0);
        assertEquals(DEV, dev.room());
        assertEquals(1, dev.read(), "belong starts the marker at the latest message");
        assertEquals(0, dev.unread());
    }

    @Test
    void deletedMessagesDoNotCount() throws Exception {
        Broker broker = broker(Map.of("PARLEY_HISTORY_SIZE", "3"));
        broker.subscribe(LOBBY);
        broker.readState(LOBBY, "ada");
        for (int i = 1; i <= 4; i++) {
            broker.publish(post(LOBBY, BOB, "m" + i));
        }
        assertEquals(4, broker.readState(LOBBY, "ada").unread());

        broker.change(new MessageChange.Delete(LOBBY, 2));
        broker.change(new MessageChange.Delete(LOBBY, 4));
        for (int i = 1; i <= 4; i++) {
            brokers.next(RoomEvent.Published.class);
        }
        brokers.next(RoomEvent.Changed.class);
        brokers.next(RoomEvent.Changed.class);

        assertEquals(2, broker.readState(LOBBY, "ada").unread(), "1 and 3");
        assertEquals(new ReadState(3, 0, 4, true), broker.markRead(LOBBY, "ada", 3, "a1"));
        assertEquals(new RoomEvent.Read(LOBBY, "ada", 3, 0, "a1"), brokers.next(RoomEvent.Read.class));
    }

    @Test
    void messagesOlderThanTheWindowCount() {
        Broker broker = broker(Map.of("PARLEY_HISTORY_SIZE", "3"));
        broker.readState(LOBBY, "ada");
        for (int i = 1; i <= 6; i++) {
            broker.publish(post(LOBBY, i % 2 == 0 ? ADA : BOB, "m" + i));
        }
        broker.publish(post(LOBBY, BOB, "m7"));

        // bob wrote 1, 3, 5, 7; the window holds 5-7, so 1-4 are counted by whoever keeps them
        long older = countsOlderExactly() ? 2 : 4;
        assertEquals(new ReadState(0, older + 2, 7, false), broker.readState(LOBBY, "ada"));
        assertEquals(older + 2, broker.roomsOf("ada").get(0).unread());
        assertEquals(new ReadState(1, older + 1, 7, true), broker.markRead(LOBBY, "ada", 1, null));
    }

    /** Publishes nothing; returns once the wall clock is past the last message's millisecond. */
    private static void awaitLaterMillisecond(Broker broker) {
        long last = broker.history(DEV, new HistoryQuery.Latest(1)).messages().get(0).ts().toEpochMilli();
        while (System.currentTimeMillis() <= last) {
            Thread.onSpinWait();
        }
    }
}
