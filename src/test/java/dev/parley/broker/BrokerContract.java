package dev.parley.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import dev.parley.domain.UserName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} owes the application (docs/architecture.md, "Promises"). An implementation's test
 * extends this class and says how to make a broker; what the memory broker passes, every other broker must pass.
 * Events may arrive on another thread: they are awaited with a timeout, never slept for.
 */
public abstract class BrokerContract extends ContractBrokers {

    private static final Duration WAIT = BrokerUnderTest.WAIT;
    protected static final RoomId LOBBY = new RoomId("lobby");
    protected static final UserName ADA = new UserName("ada");
    protected static final UserName BOB = new UserName("bob");

    // --- publishing and the event stream ---

    @Test
    void numbersARoomsMessagesFromOneWithoutGapsInOneEpoch() {
        Broker broker = broker();
        List<Publication> published = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            published.add(broker.publish(post(LOBBY, ADA, "m" + i, null)));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), published.stream().map(p -> p.message().seq()).toList());
        assertEquals(1, published.stream().map(Publication::epoch).distinct().count());
        assertNotNull(published.get(0).epoch());
        published.forEach(p -> assertFalse(p.duplicate()));
        assertEquals("m3", published.get(2).message().text());
        assertEquals(ADA, published.get(2).message().user());
    }

    @Test
    void roomsAreNumberedEachOnItsOwn() {
        Broker broker = broker();
        broker.publish(post(LOBBY, ADA, "a", null));
        assertEquals(1, broker.publish(post(new RoomId("other"), ADA, "b", null)).message().seq());
        assertEquals(2, broker.publish(post(LOBBY, ADA, "c", null)).message().seq());
    }

    @Test
    void aSubscribedNodeGetsEveryMessageInOrderWithItsOrigin() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        broker.publish(post(LOBBY, ADA, "one", "c1", "conn-1"));
        broker.publish(post(LOBBY, BOB, "two", null, null));

        RoomEvent.Published first = next(RoomEvent.Published.class);
        RoomEvent.Published second = next(RoomEvent.Published.class);
        assertEquals(1, first.message().seq());
        assertEquals("c1", first.message().clientId());
        assertEquals("conn-1", first.origin());
        assertEquals(2, second.message().seq());
        assertNull(second.origin());
        assertEquals(first.epoch(), second.epoch());
    }

    @Test
    void eventsOfRoomsNotSubscribedDoNotArrive() throws Exception {
        Broker broker = broker();
        RoomId elsewhere = new RoomId("elsewhere");
        broker.subscribe(LOBBY);
        broker.subscribe(elsewhere);
        broker.unsubscribe(elsewhere);

        broker.publish(post(elsewhere, ADA, "unheard", null));
        broker.publish(post(new RoomId("never"), ADA, "unheard", null));
        broker.publish(post(LOBBY, ADA, "heard", null));

        assertEquals("heard", next(RoomEvent.Published.class).message().text());
    }

    @Test
    void concurrentPublishersGetDistinctSeqsAndSubscribersSeeThemInOrder() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        int threads = 4;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> seqs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                UserName user = new UserName("user" + t);
                seqs.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(broker.publish(post(LOBBY, user, "m" + i, null)).message().seq());
                    }
                    return mine;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : seqs) {
                all.addAll(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            assertEquals(LongStream.rangeClosed(1, threads * each).boxed().toList(), all.stream().sorted().toList());
        } finally {
            pool.shutdownNow();
        }
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < threads * each; i++) {
            delivered.add(next(RoomEvent.Published.class).message().seq());
        }
        assertEquals(LongStream.rangeClosed(1, threads * each).boxed().toList(), delivered);
    }

    // --- history ---

    @Test
    void historyIsACutOfTheLog() {
        Broker broker = broker(Map.of("PARLEY_HISTORY_SIZE", "5"));
        publish(broker, 8);

        History latest = broker.history(LOBBY, new HistoryQuery.Latest(3));
        assertEquals(8, latest.seq());
        assertEquals(List.of(6L, 7L, 8L), seqs(latest));
        assertTrue(latest.complete());
        long first = oldestKept(8, 5);
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(broker.history(LOBBY, new HistoryQuery.Latest(50))));
        assertEquals(List.of(5L, 6L), seqs(broker.history(LOBBY, new HistoryQuery.Before(7, 2))));
        assertEquals(LongStream.rangeClosed(first, 5).boxed().toList(),
                seqs(broker.history(LOBBY, new HistoryQuery.Before(6, 50))));
        assertEquals(LongStream.range(first, 4).boxed().toList(),
                seqs(broker.history(LOBBY, new HistoryQuery.Before(4, 50))));
    }

    /**
     * The oldest seq a room whose latest is {@code latest} answers to {@link HistoryQuery.Before}: of its last
     * {@code historySize} messages (what {@link HistoryQuery.Latest} reads), unless the broker keeps every message (an
     * archive behind it).
     */
    protected long oldestKept(long latest, int historySize) {
        return latest - historySize + 1;
    }

    @Test
    void afterIsCompleteOnlyWhenEveryMessageAfterTheSeqIsKeptInTheSameEpoch() {
        Broker broker = broker(Map.of("PARLEY_HISTORY_SIZE", "5"));
        String epoch = publish(broker, 8);

        History recent = broker.history(LOBBY, new HistoryQuery.After(5, epoch));
        assertTrue(recent.complete());
        assertEquals(List.of(6L, 7L, 8L), seqs(recent));
        assertEquals(epoch, recent.epoch());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(broker.history(LOBBY, new HistoryQuery.After(3, epoch))));
        History upToDate = broker.history(LOBBY, new HistoryQuery.After(8, epoch));
        assertTrue(upToDate.complete());
        assertEquals(List.of(), upToDate.messages());
        assertTrue(broker.history(LOBBY, new HistoryQuery.After(5, null)).complete(), "no epoch: trusted");

        assertIncomplete(broker.history(LOBBY, new HistoryQuery.After(2, epoch)), 8);     // 3 was trimmed
        assertIncomplete(broker.history(LOBBY, new HistoryQuery.After(9, epoch)), 8);     // ahead of the log
        assertIncomplete(broker.history(LOBBY, new HistoryQuery.After(5, "another")), 8); // another instance
    }

    @Test
    void anUnknownRoomHasAnEmptyHistoryAndIsNotMade() {
        Broker broker = broker();
        History history = broker.history(new RoomId("nobody"), new HistoryQuery.Latest(50));
        assertEquals(0, history.seq());
        assertEquals(List.of(), history.messages());
        assertEquals(List.of(), broker.rooms());
    }

    // --- effectively-once ---

    @Test
    void aUsersRepeatedClientIdGetsTheOriginalAndIsNeitherRecordedNorDelivered() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        Publication original = broker.publish(post(LOBBY, ADA, "hello", "c1"));
        next(RoomEvent.Published.class);

        Publication again = broker.publish(post(LOBBY, ADA, "hello", "c1"));

        assertTrue(again.duplicate());
        assertEquals(original.message().seq(), again.message().seq());
        assertEquals(original.message().ts(), again.message().ts());
        assertEquals(original.epoch(), again.epoch());
        assertEquals(1, broker.history(LOBBY, new HistoryQuery.Latest(50)).seq());
        broker.publish(post(LOBBY, ADA, "marker", null));
        assertEquals("marker", next(RoomEvent.Published.class).message().text(), "the resend was not delivered");
    }

    @Test
    void clientIdsAreEachUsersOwnAndEachRoomsOwn() {
        Broker broker = broker();
        broker.publish(post(LOBBY, ADA, "hello", "c1"));

        assertFalse(broker.publish(post(LOBBY, BOB, "hello", "c1")).duplicate());
        assertFalse(broker.publish(post(new RoomId("other"), ADA, "hello", "c1")).duplicate());
        assertFalse(broker.publish(post(LOBBY, ADA, "no id", null)).duplicate());
        assertFalse(broker.publish(post(LOBBY, ADA, "no id", null)).duplicate());
        assertEquals(4, broker.history(LOBBY, new HistoryQuery.Latest(50)).seq());
    }

    @Test
    void withoutADedupeWindowEveryPostIsNew() {
        Broker broker = broker(Map.of("PARLEY_DEDUPE_SECONDS", "0"));
        broker.publish(post(LOBBY, ADA, "hello", "c1"));
        assertFalse(broker.publish(post(LOBBY, ADA, "hello", "c1")).duplicate());
    }

    // --- typing and rooms (presence: PresenceContract) ---

    @Test
    void typingReachesSubscribers() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        broker.join(LOBBY, new Member("a1", ADA));
        next(RoomEvent.PresenceChanged.class);

        broker.typing(LOBBY, new Member("a1", ADA));
        assertEquals(new RoomEvent.Typing(LOBBY, ADA, "ada"), next(RoomEvent.Typing.class));

        broker.join(LOBBY, new Member("x1", ADA, "sub-x"));
        next(RoomEvent.PresenceChanged.class);
        broker.typing(LOBBY, new Member("x1", ADA, "sub-x"));
        assertEquals(new RoomEvent.Typing(LOBBY, ADA, "sub-x"), next(RoomEvent.Typing.class), "typing names its subject");
    }

    @Test
    void roomsListsEachRoomWithItsNamesAndLatestSeq() {
        Broker broker = broker();
        broker.join(new RoomId("b-room"), new Member("a1", ADA));
        broker.join(new RoomId("b-room"), new Member("a2", ADA));
        broker.publish(post(new RoomId("a-room"), BOB, "hi", null));
        broker.publish(post(new RoomId("a-room"), BOB, "hi", null));

        assertEquals(List.of(new RoomSummary(new RoomId("a-room"), 0, 2), new RoomSummary(new RoomId("b-room"), 1, 0)),
                broker.rooms());
    }

    @Test
    void noRoomIsMadePastTheLimitButExistingOnesWork() {
        Broker broker = broker(Map.of("PARLEY_MAX_ROOMS", "2"));
        broker.join(new RoomId("a"), new Member("a1", ADA));
        broker.publish(post(new RoomId("b"), ADA, "hi", null));

        assertThrows(RoomLimitException.class, () -> broker.join(new RoomId("c"), new Member("a1", ADA)));
        assertThrows(RoomLimitException.class, () -> broker.publish(post(new RoomId("c"), ADA, "hi", null)));
        assertEquals(2, broker.publish(post(new RoomId("b"), ADA, "again", null)).message().seq());
    }

    // --- helpers ---

    protected static Post post(RoomId room, UserName user, String text, String clientId) {
        return post(room, user, text, clientId, null);
    }

    protected static Post post(RoomId room, UserName user, String text, String clientId, String origin) {
        return new Post(room, user, text, clientId, origin);
    }

    /** Publishes messages 1..count into the lobby; answers the epoch. */
    private static String publish(Broker broker, int count) {
        String epoch = null;
        for (int i = 1; i <= count; i++) {
            epoch = broker.publish(post(LOBBY, ADA, "m" + i, null)).epoch();
        }
        return epoch;
    }

    private static List<Long> seqs(History history) {
        return history.messages().stream().map(ChatMessage::seq).toList();
    }

    private static void assertIncomplete(History history, long seq) {
        assertFalse(history.complete());
        assertEquals(List.of(), history.messages());
        assertEquals(seq, history.seq());
    }

    /** The next event, which must be of this type. */
    private <T extends RoomEvent> T next(Class<T> type) throws InterruptedException {
        return brokers.next(type);
    }
}
