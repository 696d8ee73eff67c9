package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Post;
import dev.parley.broker.ReadState;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edits, deletes, reactions and read markers written behind Redis (docs/scaling.md, "Conversations in a cluster"):
 * they reach the archive, a message Redis no longer holds is changed from the archive's row, and a Redis restarted
 * empty goes on from the archive: the messages' current state, the room's rev, recovery of older changes, the
 * markers. A redis-server and a PostgreSQL database of the test's own; each wait is bounded.
 */
class ConversationsBehindRedisIT {

    private static final RoomId ROOM = new RoomId("talk");
    private static final UserName ADA = new UserName("ada");
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final PrivateRedis privateRedis = new PrivateRedis();
    private RedisServer redis;
    private Postgres database;
    private RedisBroker node;

    @BeforeEach
    void start() throws Exception {
        redis = privateRedis.server();
        database = Postgres.createDatabase();
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_HISTORY_SIZE", "5", "PARLEY_NODE_LEASE_SECONDS", "3",
                "PARLEY_REDIS_TIMEOUT_MILLIS", "1000", "PARLEY_ARCHIVE_URL", database.url(),
                "PARLEY_ARCHIVE_USER", database.user()), Map.of("parley.redisUri", redis.uri()));
        node = new RedisBroker(config, "n0", () -> "epoch-" + System.nanoTime(), BrokerMetrics.NONE,
                ArchiveSource.open(config.archive()), ArchiveMetrics.NONE);
        node.register(event -> { });
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        database.close();
    }

    @Test
    void changesAndMarkersReachTheArchiveAndOutliveARedisRestartedEmpty() throws Exception {
        node.readState(ROOM, "bob-sub");
        String epoch = null;
        for (int i = 1; i <= 8; i++) {
            epoch = node.publish(new Post(ROOM, ADA, "m" + i, null, null, "ada-sub")).epoch();
        }
        awaitArchived();
        assertEquals(":5", redis.command("XLEN", "parley:{" + ROOM.value() + "}:log"), "2 left the stream");

        node.change(new MessageChange.Edit(ROOM, 2, "ada-sub", "two, from the archive")); // rev 1
        node.change(new MessageChange.React(ROOM, 7, "bob-sub", new UserName("bob"), THUMBS)); // rev 2
        node.change(new MessageChange.Delete(ROOM, 8)); // rev 3
        assertEquals(new ReadState(6, 1, 8, true), node.markRead(ROOM, "bob-sub", 6, null), "7; 8 is deleted");
        awaitArchived();
        Await.until(WAIT, () -> query("SELECT count(*) FROM parley_read_marker WHERE subject = 'bob-sub' AND seq = 6")
                == 1, "bob's marker archived");
        assertEquals(3, query("SELECT last_rev FROM parley_room WHERE room = 'talk'"));
        assertEquals(1, query("SELECT count(*) FROM parley_message WHERE room = 'talk' AND seq = 2 AND body = "
                + "'two, from the archive' AND rev = 1"));
        assertEquals(1, query("SELECT count(*) FROM parley_message WHERE room = 'talk' AND seq = 8 AND deleted "
                + "AND body = ''"), "the deleted text is erased");
        assertEquals(1, query("SELECT count(*) FROM parley_reaction WHERE room = 'talk' AND seq = 7"));

        redis.kill();
        redis.restart();

        ChatMessage two = retry(() -> node.message(ROOM, 2));
        assertEquals("two, from the archive", two.text());
        assertEquals(List.of("bob-sub"), node.message(ROOM, 7).reactions().asMap().get(THUMBS));
        assertTrue(node.message(ROOM, 8).deleted());
        assertEquals(4, node.change(new MessageChange.Edit(ROOM, 6, "ada-sub", "six")).rev(), "the rev goes on");
        History recovered = node.history(ROOM, new HistoryQuery.After(8, epoch, 0));
        assertTrue(recovered.changesComplete());
        assertEquals(List.of(2L, 6L, 7L, 8L), recovered.changes().stream().map(ChatMessage::seq).toList(),
                "the changes before the restart come from the archive, the later one from Redis");
        assertEquals(new ReadState(6, 1, 8, false), node.readState(ROOM, "bob-sub"), "the marker is restored");
        assertEquals(List.of(ROOM), node.roomsOf("bob-sub").stream().map(view -> view.room()).toList());
    }

    /** Waits until the archive holds every message and change of the room. */
    private void awaitArchived() {
        Await.until(WAIT, () -> {
            var status = node.archiveState().status();
            String seq = field("seq");
            String rev = field("rev");
            return status.up() && status.lag().messages() == 0 && seq != null && seq.equals(field("arch"))
                    && (rev == null || rev.equals(field("carch")));
        }, "the archive caught up");
    }

    private String field(String name) {
        try {
            return redis.value("HGET", "parley:{" + ROOM.value() + "}:meta", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private long query(String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
