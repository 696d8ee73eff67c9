package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.broker.BannedException;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Publication;
import dev.parley.broker.ReadState;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.Await;
import dev.parley.testing.Postgres;
import dev.parley.testing.PrivateRedis;
import dev.parley.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The archive written behind Redis by the nodes together (docs/scaling.md, "The archive in a cluster"): a real
 * redis-server of the test's own, started afresh for each test (they kill it), and a PostgreSQL database of the
 * test's own on the machine's server, shared by the test's nodes; with edits, deletes, reactions and read markers
 * (docs/scaling.md, "Conversations in a cluster"). Each wait is bounded.
 */
class ArchiveBehindRedisIT {

    private static final RoomId ROOM = new RoomId("archived");
    private static final UserName ADA = new UserName("ada");
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final PrivateRedis privateRedis = new PrivateRedis();
    private RedisServer redis;
    private Postgres database;
    private final List<RedisBroker> nodes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = privateRedis.server();
        database = Postgres.createDatabase();
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(RedisBroker::close);
        database.close();
    }

    /** A node with historySize 5, a short lease and command timeout. */
    private RedisBroker node() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_HISTORY_SIZE", "5", "PARLEY_NODE_LEASE_SECONDS", "3",
                "PARLEY_REDIS_TIMEOUT_MILLIS", "1000", "PARLEY_ARCHIVE_URL", database.url(),
                "PARLEY_ARCHIVE_USER", database.user()), Map.of("parley.redisUri", redis.uri()));
        RedisBroker node = new RedisBroker(config, "n" + nodes.size(), () -> "epoch-" + System.nanoTime(),
                BrokerMetrics.NONE, ArchiveSource.open(config.archive()), ArchiveMetrics.NONE);
        node.register(event -> { });
        nodes.add(node);
        return node;
    }

    @Test
    void aRoomBeyondHistorySizePagesBackToSeqOneOnAnyNodeAndSearchFindsItsFirstMessages() {
        RedisBroker a = node();
        RedisBroker b = node();
        for (int i = 1; i <= 23; i++) {
            a.publish(post(i == 2 ? "the first word" : "m" + i, null));
        }
        awaitArchived(a);
        assertEquals(List.of(19L, 20L, 21L, 22L, 23L), seqs(b.history(ROOM, new HistoryQuery.Latest(50))),
                "the latest messages are Redis's window");

        List<Long> paged = new ArrayList<>();
        long before = 24;
        do {
            History page = b.history(ROOM, new HistoryQuery.Before(before, 4));
            paged.addAll(0, seqs(page));
            before = page.messages().isEmpty() ? 0 : page.messages().get(0).seq();
        } while (before > 1);
        assertEquals(LongStream.rangeClosed(1, 23).boxed().toList(), paged);
        assertEquals(List.of(2L), b.search(ROOM, "WORD", Long.MAX_VALUE, 10).stream().map(ChatMessage::seq).toList());
        assertEquals(23, archivedCount(), "each message archived once");
    }

    @Test
    void aBatchWrittenByANodeThatDiedBeforeMovingTheCursorIsNotWrittenTwice() throws Exception {
        RedisBroker a = node();
        for (int i = 1; i <= 12; i++) {
            a.publish(post("m" + i, null));
        }
        awaitArchived(a);
        // As if the node that archived 5..12 died after its commit and before it moved the cursor.
        redis.command("HSET", "parley:{" + ROOM.value() + "}:meta", "arch", "4");
        redis.command("ZADD", RedisKeys.UNARCHIVED, "1", ROOM.value());
        Await.until(WAIT, () -> "12".equals(field("arch")), "the cursor moved again");
        awaitArchived(a);
        a.publish(post("m13", null));
        awaitArchived(a);
        assertEquals(13, archivedCount());
        assertEquals(13, distinctArchivedSeqs());
    }

    @Test
    void aRedisRestartedEmptyLeavesRoomsGoingOnFromTheArchive() throws Exception {
        RedisBroker a = node();
        a.join(ROOM, new Member("a1", ADA));
        String epoch = null;
        for (int i = 1; i <= 8; i++) {
            epoch = a.publish(post("m" + i, "c" + i)).epoch();
        }
        a.setAccess(ROOM, RoomAccess.PRIVATE);
        a.remove(ROOM, "eve", Removal.BANNED);
        awaitArchived(a);

        redis.kill();
        redis.restart();

        Publication resent = retry(() -> a.publish(post("m3 again", "c3")));
        assertTrue(resent.duplicate(), "a client id accepted before the restart is remembered");
        assertEquals(3, resent.message().seq());
        Publication next = a.publish(post("m9", "c9"));
        assertEquals(epoch, next.epoch(), "same epoch");
        assertEquals(9, next.message().seq(), "numbering goes on");
        History recovered = a.history(ROOM, new HistoryQuery.After(6, epoch));
        assertTrue(recovered.complete(), "a client that saw seq 6 recovers");
        assertEquals(List.of(7L, 8L, 9L), seqs(recovered));
        assertEquals(RoomAccess.PRIVATE, a.rules(ROOM).access(), "rules restored");
        assertTrue(a.rules(ROOM).isBanned("eve"));
        assertThrows(BannedException.class, () -> a.publish(new Post(ROOM, new UserName("eve"), "hi", null, null,
                "eve")));
        awaitArchived(a);
        assertEquals(9, archivedCount());
    }

    @Test
    void changesAndMarkersReachTheArchiveAndOutliveARedisRestartedEmpty() throws Exception {
        RedisBroker a = node();
        a.readState(ROOM, "bob-sub");
        String epoch = null;
        for (int i = 1; i <= 8; i++) {
            epoch = a.publish(new Post(ROOM, ADA, "m" + i, null, null, "ada-sub")).epoch();
        }
        awaitArchived(a);
        assertEquals(":5", redis.command("XLEN", "parley:{" + ROOM.value() + "}:log"), "2 left the stream");

        a.change(new MessageChange.Edit(ROOM, 2, "ada-sub", "two, from the archive")); // rev 1
        a.change(new MessageChange.React(ROOM, 7, "bob-sub", new UserName("bob"), THUMBS)); // rev 2
        a.change(new MessageChange.Delete(ROOM, 8)); // rev 3
        assertEquals(new ReadState(6, 1, 8, true), a.markRead(ROOM, "bob-sub", 6, null), "7; 8 is deleted");
        awaitArchived(a);
        Await.until(WAIT, () -> query("SELECT count(*) FROM parley_read_marker WHERE subject = 'bob-sub' AND seq = 6")
                == 1, "bob's marker archived");
        assertEquals(3, query("SELECT last_rev FROM parley_room WHERE room = 'archived'"));
        assertEquals(1, query("SELECT count(*) FROM parley_message WHERE room = 'archived' AND seq = 2 AND body = "
                + "'two, from the archive' AND rev = 1"));
        assertEquals(1, query("SELECT count(*) FROM parley_message WHERE room = 'archived' AND seq = 8 AND deleted "
                + "AND body = ''"), "the deleted text is erased");
        assertEquals(1, query("SELECT count(*) FROM parley_reaction WHERE room = 'archived' AND seq = 7"));

        redis.kill();
        redis.restart();

        ChatMessage two = retry(() -> a.message(ROOM, 2));
        assertEquals("two, from the archive", two.text());
        assertEquals(List.of("bob-sub"), a.message(ROOM, 7).reactions().asMap().get(THUMBS));
        assertTrue(a.message(ROOM, 8).deleted());
        assertEquals(4, a.change(new MessageChange.Edit(ROOM, 6, "ada-sub", "six")).rev(), "the rev goes on");
        History recovered = a.history(ROOM, new HistoryQuery.After(8, epoch, 0));
        assertTrue(recovered.changesComplete());
        assertEquals(List.of(2L, 6L, 7L, 8L), recovered.changes().stream().map(ChatMessage::seq).toList(),
                "the changes before the restart come from the archive, the later one from Redis");
        assertEquals(new ReadState(6, 1, 8, false), a.readState(ROOM, "bob-sub"), "the marker is restored");
        assertEquals(List.of(ROOM), a.roomsOf("bob-sub").stream().map(view -> view.room()).toList());
    }

    private static Post post(String text, String clientId) {
        return new Post(ROOM, ADA, text, clientId, null);
    }

    private static <T> T retry(Supplier<T> call) {
        List<T> result = new ArrayList<>();
        Await.until(WAIT, () -> {
            try {
                result.add(call.get());
                return true;
            } catch (BrokerUnavailableException e) {
                return false;
            }
        }, "Redis answering again");
        return result.get(0);
    }

    private void awaitArchived(RedisBroker node) {
        Await.until(WAIT, () -> {
            var status = node.archiveState().status();
            String seq = field("seq");
            String rev = field("rev");
            return status.up() && status.lag().messages() == 0 && seq != null && seq.equals(field("arch"))
                    && (rev == null || rev.equals(field("carch")));
        }, "the archive caught up with the messages and changes");
    }

    private String field(String name) {
        try {
            return redis.value("HGET", "parley:{" + ROOM.value() + "}:meta", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> seqs(History history) {
        return history.messages().stream().map(ChatMessage::seq).toList();
    }

    private long archivedCount() {
        return query("SELECT count(*) FROM parley_message WHERE room = '" + ROOM.value() + "'");
    }

    private long distinctArchivedSeqs() {
        return query("SELECT count(DISTINCT seq) FROM parley_message WHERE room = '" + ROOM.value() + "'");
    }

    private long query(String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
