package dev.parley.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.DirectRoom;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.UserName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} owes the application about room rules (docs/architecture.md, "Promises"): access,
 * memberships and grants are kept, and outlive the room's log; a kick or ban reaches every subscribed node in the
 * room's event order; a ban is atomic with numbering, so no post of a banned subject is numbered after it. An
 * implementation's test runs this beside {@link BrokerContract} (as a nested class) with the same broker factory.
 */
public abstract class RoomRulesContract extends ContractBrokers {

    private static final Duration WAIT = BrokerUnderTest.WAIT;
    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName ADA = new UserName("ada");
    private static final UserName BOB = new UserName("bob");

    @Test
    void aRoomNobodySetRulesForHasTheDefaults() {
        Broker broker = broker();

        assertEquals(RoomRules.defaults(LOBBY), broker.rules(LOBBY));
        assertEquals(RoomAccess.PRIVATE, broker.rules(DirectRoom.between("ada", "bob")).access());
    }

    @Test
    void accessMembershipsAndGrantsAreKept() {
        Broker broker = broker();
        broker.setAccess(LOBBY, RoomAccess.PRIVATE);
        assertFalse(broker.setMember(LOBBY, "ada", Role.MEMBER));
        assertTrue(broker.setMember(LOBBY, "ada", Role.OWNER));
        broker.recordGrant(LOBBY, "bob|1", Role.MODERATOR);

        RoomRules rules = broker.rules(LOBBY);
        assertEquals(RoomAccess.PRIVATE, rules.access());
        assertEquals(Map.of("ada", Role.OWNER), rules.members());
        assertEquals(Role.MODERATOR, rules.roleOf("bob|1"));
        assertEquals(RoomRules.defaults(new RoomId("other")), broker.rules(new RoomId("other")));

        assertTrue(broker.setMember(LOBBY, "ada", null));
        assertFalse(broker.setMember(LOBBY, "ada", null));
        broker.recordGrant(LOBBY, "bob|1", null);
        broker.setAccess(LOBBY, RoomAccess.PUBLIC);
        assertEquals(RoomAccess.PUBLIC, broker.rules(LOBBY).access());
        assertEquals(Map.of(), broker.rules(LOBBY).members());
        assertEquals(Map.of(), broker.rules(LOBBY).granted());
    }

    @Test
    void aRemovalReachesTheSubscribersAndABanIsKeptUntilLifted() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);

        assertTrue(broker.remove(LOBBY, "bob", Removal.KICKED));
        assertEquals(new RoomEvent.Removed(LOBBY, "bob", Removal.KICKED), brokers.next(RoomEvent.Removed.class));
        assertFalse(broker.rules(LOBBY).isBanned("bob"));

        assertTrue(broker.remove(LOBBY, "bob", Removal.BANNED));
        assertEquals(new RoomEvent.Removed(LOBBY, "bob", Removal.BANNED), brokers.next(RoomEvent.Removed.class));
        assertFalse(broker.remove(LOBBY, "bob", Removal.BANNED));
        assertTrue(broker.rules(LOBBY).isBanned("bob"));

        assertTrue(broker.unban(LOBBY, "bob"));
        assertFalse(broker.unban(LOBBY, "bob"));
        assertFalse(broker.rules(LOBBY).isBanned("bob"));
    }

    @Test
    void aBannedSubjectsPostIsRefusedAndNotNumbered() {
        Broker broker = broker();
        broker.publish(new Post(LOBBY, BOB, "before", null, null, "bob"));
        broker.remove(LOBBY, "bob", Removal.BANNED);

        assertThrows(BannedException.class, () -> broker.publish(new Post(LOBBY, BOB, "after", "c1", null, "bob")));

        assertEquals(2, broker.publish(new Post(LOBBY, ADA, "ada's", null, null, "ada")).message().seq());
        assertEquals(3, broker.publish(post(LOBBY, BOB, "from the API, no user's", null)).message().seq());
        assertEquals(List.of("before", "ada's", "from the API, no user's"),
                broker.history(LOBBY, new HistoryQuery.Latest(10)).messages().stream().map(ChatMessage::text).toList());
    }

    @Test
    void rulesOutliveTheRoomsLog() {
        Broker broker = broker(Map.of("PARLEY_EMPTY_ROOM_SECONDS", "0"));
        broker.setAccess(LOBBY, RoomAccess.PRIVATE);
        broker.remove(LOBBY, "bob", Removal.BANNED);
        broker.join(LOBBY, new Member("a1", ADA));
        broker.leave(LOBBY, new Member("a1", ADA));
        broker.freeIdleRooms();

        assertEquals(RoomAccess.PRIVATE, broker.rules(LOBBY).access());
        assertTrue(broker.rules(LOBBY).isBanned("bob"));
    }

    @Test
    void noPostOfABannedSubjectIsNumberedAfterTheBanEvenWhileItPosts() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        List<Long> bobs = new ArrayList<>();
        AtomicBoolean refused = new AtomicBoolean();
        CountDownLatch posted = new CountDownLatch(5);
        ExecutorService poster = Executors.newSingleThreadExecutor();
        try {
            Future<?> posting = poster.submit(() -> {
                try {
                    while (true) {
                        long seq = broker.publish(new Post(LOBBY, BOB, "spam", null, null, "bob")).message().seq();
                        synchronized (bobs) {
                            bobs.add(seq);
                        }
                        posted.countDown();
                    }
                } catch (BannedException e) {
                    refused.set(true);
                }
            });
            assertTrue(posted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "bob did not get to post");
            broker.remove(LOBBY, "bob", Removal.BANNED);
            long after = broker.publish(new Post(LOBBY, ADA, "after the ban", null, null, "ada")).message().seq();
            posting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertTrue(refused.get());
            synchronized (bobs) {
                assertEquals(after - 1, bobs.get(bobs.size() - 1), "bob's last post is right before ada's");
                assertEquals(rangeClosed(1, after - 1), bobs);
            }
            // the subscribers see the removal after bob's last message and before ada's
            for (long seq = 1; seq < after; seq++) {
                assertEquals(seq, brokers.next(RoomEvent.Published.class).message().seq());
            }
            assertEquals(new RoomEvent.Removed(LOBBY, "bob", Removal.BANNED), brokers.next(RoomEvent.Removed.class));
            assertEquals(after, brokers.next(RoomEvent.Published.class).message().seq());
        } finally {
            poster.shutdownNow();
        }
    }

    private static Post post(RoomId room, UserName user, String text, String clientId) {
        return new Post(room, user, text, clientId, null);
    }

    private static List<Long> rangeClosed(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
