package dev.parley.broker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.archive.GroupCommit;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RandomId;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.UserName;
import dev.parley.testing.Await;
import dev.parley.testing.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory broker with an archive: rooms survive a restart with their epoch, numbering, history and dedupe memory;
 * nothing is delivered before its commit; a failed commit costs no seq and no message.
 */
class ArchivedRoomsTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName ADA = new UserName("ada");

    private final BlockingQueue<RoomEvent> events = new LinkedBlockingQueue<>();
    private Path dataDir;
    private Map<String, String> settings = Map.of();
    private ScriptedArchive archive;
    private GroupCommit commits;
    private MemoryBroker broker;

    @BeforeEach
    void open() throws Exception {
        dataDir = Files.createTempDirectory("parley-rooms");
        start();
    }

    @AfterEach
    void close() {
        stop();
        TemporaryFiles.delete(dataDir);
    }

    private void start() {
        ParleyConfig config = ParleyConfig.load(settings, Map.of());
        archive = new ScriptedArchive(ArchiveSource.open(config.archive().inDirectory(dataDir)));
        commits = new GroupCommit(archive, ArchiveMetrics.NONE);
        broker = new MemoryBroker(config, Clock.systemUTC(), System::nanoTime, RandomId::next, commits);
        broker.register(events::add);
        broker.subscribe(LOBBY);
    }

    private void stop() {
        broker.close();
        commits.close();
    }

    private void restart(Map<String, String> newSettings) {
        stop();
        settings = newSettings;
        events.clear();
        start();
    }

    private Publication post(String text, String clientId) {
        return broker.publish(new Post(LOBBY, ADA, text, clientId, "conn-1"));
    }

    private RoomEvent.Published published() throws InterruptedException {
        RoomEvent event;
        do {
            event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no message delivered within 10 s");
            }
        } while (!(event instanceof RoomEvent.Published));
        return (RoomEvent.Published) event;
    }

    @Test
    void aRoomKeepsItsEpochNumberingAndHistoryAcrossARestart() {
        String epoch = post("one", null).epoch();
        post("two", null);
        post("three", null);

        restart(Map.of());
        History latest = broker.history(LOBBY, new HistoryQuery.Latest(50));
        Publication four = post("four", null);

        assertEquals(epoch, latest.epoch());
        assertEquals(3, latest.seq());
        assertEquals(List.of("one", "two", "three"), latest.messages().stream().map(ChatMessage::text).toList());
        assertEquals(epoch, four.epoch());
        assertEquals(4, four.message().seq());
    }

    @Test
    void aClientThatSawSeqTwoRecoversExactlyWhatItMissedAfterARestart() {
        String epoch = post("one", null).epoch();
        post("two", null);
        post("three", null);

        restart(Map.of());
        broker.join(LOBBY, new Member("conn-2", ADA));
        History missed = broker.history(LOBBY, new HistoryQuery.After(2, epoch));

        assertTrue(missed.complete());
        assertEquals(List.of(3L), missed.messages().stream().map(ChatMessage::seq).toList());
    }

    @Test
    void aResendAfterARestartGetsTheOriginalAck() {
        Publication first = post("hello", "c1");

        restart(Map.of());
        Publication resend = post("hello", "c1");

        assertTrue(resend.duplicate());
        assertEquals(1, resend.message().seq());
        assertEquals(first.message().ts().toEpochMilli(), resend.message().ts().toEpochMilli());
        assertEquals(2, post("next", "c2").message().seq());
    }

    @Test
    void historyPagesThroughTheArchiveBeyondTheRoomsWindowBackToSeqOne() {
        settings = Map.of("PARLEY_HISTORY_SIZE", "5");
        restart(settings);
        for (int i = 1; i <= 30; i++) {
            post("m" + i, null);
        }

        assertEquals(LongStream.rangeClosed(26, 30).boxed().toList(), seqs(broker.history(LOBBY,
                new HistoryQuery.Latest(10))), "the latest come from the room's window");
        List<Long> all = new ArrayList<>();
        long before = 31;
        while (before > 1) {
            List<Long> page = seqs(broker.history(LOBBY, new HistoryQuery.Before(before, 7)));
            all.addAll(0, page);
            before = page.get(0);
        }
        assertEquals(LongStream.rangeClosed(1, 30).boxed().toList(), all);
    }

    @Test
    void theHistoryOfARoomNotInMemoryComesFromTheArchiveWithoutMakingIt() {
        String epoch = post("one", null).epoch();
        post("two", null);

        restart(Map.of());
        History latest = broker.history(LOBBY, new HistoryQuery.Latest(50));
        History before = broker.history(LOBBY, new HistoryQuery.Before(2, 50));

        assertEquals(epoch, latest.epoch());
        assertEquals(List.of(1L, 2L), seqs(latest));
        assertEquals(List.of(1L), seqs(before));
        assertEquals(List.of(), broker.rooms());
    }

    @Test
    void nothingIsDeliveredOrReadBeforeItsCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        archive.holdNextWrite(release);
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            Future<Publication> sent = sender.submit(() -> post("held", "c1"));
            Await.until(Duration.ofSeconds(10), archive::holding, "the write is held");

            assertNull(events.poll(200, TimeUnit.MILLISECONDS), "delivered before its commit");
            assertEquals(0, broker.history(LOBBY, new HistoryQuery.Latest(50)).seq());
            assertEquals(0, broker.rooms().get(0).seq());

            release.countDown();
            assertEquals(1, sent.get(10, TimeUnit.SECONDS).message().seq());
            RoomEvent.Published delivered = published();
            assertEquals(1, delivered.message().seq());
            assertEquals("conn-1", delivered.origin(), "the sender's ack goes with it");
        } finally {
            sender.shutdownNow();
        }
    }

    @Test
    void aResendOfAMessageStillPendingIsAckedOnlyOnceItIsCommitted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        archive.holdNextWrite(release);
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            Future<Publication> first = senders.submit(() -> post("once", "c1"));
            Await.until(Duration.ofSeconds(10), archive::holding, "the write is held");
            Future<Publication> resend = senders.submit(() -> post("once", "c1"));

            assertThrows(java.util.concurrent.TimeoutException.class, () -> resend.get(200, TimeUnit.MILLISECONDS),
                    "the resend is answered before the original is committed");
            release.countDown();

            assertEquals(1, first.get(10, TimeUnit.SECONDS).message().seq());
            Publication again = resend.get(10, TimeUnit.SECONDS);
            assertTrue(again.duplicate());
            assertEquals(1, again.message().seq());
            assertEquals(1, published().message().seq());
            assertNull(events.poll(100, TimeUnit.MILLISECONDS), "shown once");
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void aFailedCommitIsUnavailableAndCostsNoSeq() throws Exception {
        post("one", "c1");
        published();
        archive.nextWrite(ScriptedArchive.Next.FAIL);

        assertThrows(BrokerUnavailableException.class, () -> post("lost", "c2"));
        Publication again = post("lost", "c2");

        assertFalse(again.duplicate(), "the failed message's id is forgotten");
        assertEquals(2, again.message().seq());
        RoomEvent.Published delivered = published();
        assertEquals(2, delivered.message().seq());
        assertEquals("lost", delivered.message().text());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS));
        restart(Map.of());
        assertEquals(List.of(1L, 2L), seqs(broker.history(LOBBY, new HistoryQuery.Latest(50))));
    }

    @Test
    void aCommitThatOnlySeemedToFailIsDeliveredBeforeTheNextMessage() throws Exception {
        post("one", null);
        published();
        archive.nextWrite(ScriptedArchive.Next.FAIL_AFTER_WRITING);

        assertThrows(BrokerUnavailableException.class, () -> post("maybe", "c2"));
        Publication resend = post("maybe", "c2");
        Publication three = post("three", null);

        assertTrue(resend.duplicate(), "the archive has it: the resend gets its original seq");
        assertEquals(2, resend.message().seq());
        RoomEvent.Published caughtUp = published();
        assertEquals(2, caughtUp.message().seq());
        assertEquals("maybe", caughtUp.message().text());
        assertEquals(3, three.message().seq());
        assertEquals(3, published().message().seq());
    }

    @Test
    void whileTheArchiveIsDownPostsAreUnavailableAndAfterwardsEverythingGoesOn() throws Exception {
        post("one", null);
        archive.down(true);

        assertThrows(BrokerUnavailableException.class, () -> post("two", null));
        assertThrows(BrokerUnavailableException.class, () -> post("two", null));
        Await.until(Duration.ofSeconds(10), () -> !commits.status().up(), "the archive is reported down");

        archive.down(false);
        Await.until(Duration.ofSeconds(10), () -> commits.status().up(), "the archive is reported up again");
        assertEquals(2, post("two", null).message().seq());
        assertEquals(List.of(1L, 2L), seqs(broker.history(LOBBY, new HistoryQuery.Latest(50))));
    }

    @Test
    void aBusyRoomPaysOneCommitForManyMessages() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        archive.holdNextWrite(release);
        ExecutorService senders = Executors.newFixedThreadPool(11);
        try {
            List<Future<Publication>> sent = new ArrayList<>();
            sent.add(senders.submit(() -> post("first", null)));
            Await.until(Duration.ofSeconds(10), archive::holding, "the first write is held");
            for (int i = 0; i < 10; i++) {
                String text = "m" + i;
                sent.add(senders.submit(() -> post(text, null)));
            }
            Await.until(Duration.ofSeconds(10), () -> commits.queued() == 10, "ten messages wait for a commit");
            release.countDown();
            for (Future<Publication> one : sent) {
                one.get(10, TimeUnit.SECONDS);
            }

            assertEquals(2, archive.writes(), "one commit for the held message, one for the ten behind it");
            List<Long> delivered = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                delivered.add(published().message().seq());
            }
            assertEquals(LongStream.rangeClosed(1, 11).boxed().toList(), delivered);
        } finally {
            senders.shutdownNow();
        }
    }

    private static List<Long> seqs(History history) {
        return history.messages().stream().map(ChatMessage::seq).toList();
    }

    @Test
    void roomRulesSurviveARestart() {
        RoomId direct = new RoomId("dm.ada.bob");
        broker.setAccess(LOBBY, RoomAccess.PRIVATE);
        broker.setMember(LOBBY, "ada", Role.OWNER);
        broker.setMember(LOBBY, "bob", Role.MODERATOR);
        broker.setMember(LOBBY, "cy", Role.MEMBER);
        broker.setMember(LOBBY, "cy", null);
        broker.recordGrant(LOBBY, "dee", Role.MODERATOR);
        broker.remove(LOBBY, "eve", Removal.BANNED);
        broker.remove(LOBBY, "fay", Removal.BANNED);
        assertTrue(broker.unban(LOBBY, "fay"));
        broker.remove(LOBBY, "gus", Removal.KICKED);
        broker.setMember(direct, "hal", Role.MEMBER);
        RoomRules before = broker.rules(LOBBY);

        restart(Map.of());

        assertEquals(before, broker.rules(LOBBY));
        assertEquals(new RoomRules(RoomAccess.PRIVATE, Map.of("ada", Role.OWNER, "bob", Role.MODERATOR),
                Map.of("dee", Role.MODERATOR), Set.of("eve")), broker.rules(LOBBY));
        assertEquals(RoomAccess.PRIVATE, broker.rules(direct).access());
        assertEquals(Map.of("hal", Role.MEMBER), broker.rules(direct).members());
        assertTrue(broker.rules(new RoomId("dm.cy.dee")).isDefault(new RoomId("dm.cy.dee")));
        assertEquals(RoomAccess.PRIVATE, broker.rules(new RoomId("dm.cy.dee")).access());
    }

    @Test
    void aRoomMadePublicAgainStaysPublicAfterARestart() {
        broker.setAccess(LOBBY, RoomAccess.PRIVATE);
        broker.setAccess(LOBBY, RoomAccess.PUBLIC);

        restart(Map.of());

        assertEquals(RoomAccess.PUBLIC, broker.rules(LOBBY).access());
    }

    @Test
    void aRulesChangeTheArchiveCannotTakeFailsAndChangesNothing() {
        broker.setMember(LOBBY, "ada", Role.MEMBER);
        archive.down(true);
        RoomRules before = broker.rules(LOBBY);

        assertThrows(BrokerUnavailableException.class, () -> broker.setAccess(LOBBY, RoomAccess.PRIVATE));
        assertThrows(BrokerUnavailableException.class, () -> broker.setMember(LOBBY, "bob", Role.OWNER));
        assertThrows(BrokerUnavailableException.class, () -> broker.setMember(LOBBY, "ada", null));
        assertThrows(BrokerUnavailableException.class, () -> broker.recordGrant(LOBBY, "cy", Role.MODERATOR));
        assertThrows(BrokerUnavailableException.class, () -> broker.remove(LOBBY, "eve", Removal.BANNED));
        assertEquals(before, broker.rules(LOBBY));
        assertTrue(events.stream().noneMatch(RoomEvent.Removed.class::isInstance), "a refused ban removes nobody");

        archive.down(false);
        broker.remove(LOBBY, "eve", Removal.BANNED);
        archive.down(true);
        assertThrows(BrokerUnavailableException.class, () -> broker.unban(LOBBY, "eve"));
        assertTrue(broker.rules(LOBBY).isBanned("eve"));
        broker.setMember(LOBBY, "ada", Role.MEMBER); // changes nothing, so the archive is not asked
    }
}
