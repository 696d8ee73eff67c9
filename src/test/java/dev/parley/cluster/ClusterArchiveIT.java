package dev.parley.cluster;

import static dev.parley.cluster.Frames.connect;
import static dev.parley.cluster.Frames.json;
import static dev.parley.cluster.Frames.post;
import static dev.parley.cluster.Frames.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.cluster.Frames.Joined;
import dev.parley.testing.Await;
import dev.parley.testing.Postgres;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The archive in a cluster (docs/scaling.md, "The archive in a cluster"): two nodes write one PostgreSQL archive
 * behind Redis, a database this test makes on the machine's server (127.0.0.1:5432) and drops. A room pages back past
 * Redis's window to seq 1 on either node; a Redis restarted empty leaves rooms going on in the same epoch and
 * numbering; a node killed while it archives leaves every acked message archived once. The kill comes last.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterArchiveIT {

    private static final int HISTORY_SIZE = 20;
    private static final Duration CAUGHT_UP = Duration.ofSeconds(60);

    private static Postgres database;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        database = Postgres.createDatabase();
        cluster = Cluster.start("archive", 2, Map.of("PARLEY_ARCHIVE_URL", database.url(),
                "PARLEY_ARCHIVE_USER", database.user(), "PARLEY_HISTORY_SIZE", String.valueOf(HISTORY_SIZE),
                "PARLEY_NODE_LEASE_SECONDS", "5"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            database.close();
        }
    }

    @Test
    @Order(1)
    void aRoomBeyondHistorySizePagesBackToSeqOneOnEitherNode() throws Exception {
        String room = Cluster.newRoom();
        try (Joined ann = connect(cluster.node(1), room, "ann")) {
            for (int i = 1; i <= 3 * HISTORY_SIZE; i++) {
                post(ann.client(), room, i == 1 ? "the very first" : "m" + i, "p" + i);
            }
        }
        awaitCaughtUp(2);
        for (int node = 1; node <= 2; node++) {
            List<Long> paged = new ArrayList<>();
            long before = 3 * HISTORY_SIZE + 1;
            while (before > 1) {
                JsonObject page = json(ok(cluster.get(node, "api/rooms/" + room + "/messages?before=" + before
                        + "&limit=7")).body());
                List<Long> seqs = page.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                        .map(Frames::seq).toList();
                assertTrue(!seqs.isEmpty(), "a page before " + before + " on node " + node);
                paged.addAll(0, seqs);
                before = seqs.get(0);
            }
            assertEquals(LongStream.rangeClosed(1, 3 * HISTORY_SIZE).boxed().toList(), paged, "node " + node);
        }
        try (Joined bob = connect(cluster.node(2), room, "bob")) {
            bob.client().send("{\"type\":\"history\",\"room\":\"" + room + "\",\"before\":3,\"limit\":10}");
            JsonObject history = bob.client().await(frame -> frame.getString("type").equals("history"));
            assertEquals(List.of(1L, 2L), history.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                    .map(Frames::seq).toList());
        }
        JsonObject found = json(ok(cluster.get(2, "api/rooms/" + room + "/messages?q=VERY")).body());
        assertEquals(List.of(1L), found.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(Frames::seq).toList());
        assertArchivedOnce(room, 3 * HISTORY_SIZE);
    }

    @Test
    @Order(2)
    void aRedisRestartedEmptyLeavesRoomsGoingOnInTheSameEpochAndNumbering() throws Exception {
        String room = Cluster.newRoom();
        long seen;
        String epoch;
        try (Joined cy = connect(cluster.node(1), room, "cy")) {
            for (int i = 1; i <= 30; i++) {
                post(cy.client(), room, "r" + i, "r" + i);
            }
            epoch = cy.epoch();
            seen = 25;
        }
        assertArchivedOnce(room, 30); // health's lag is the last sweep's, which may predate the posts
        awaitCaughtUp(1);

        cluster.redis().kill();
        cluster.redis().restart();

        Await.until(CAUGHT_UP, () -> ready(1) && ready(2), "both nodes ready again");
        try (Joined back = connect(cluster.node(2), room, "cy", seen, epoch)) {
            assertTrue(back.joined().getBoolean("recovered"), () -> "not recovered: " + back.joined());
            assertEquals(epoch, back.epoch());
            assertEquals(30, back.seq());
            assertEquals(List.of(26L, 27L, 28L, 29L, 30L), back.joined().getJsonArray("history")
                    .getValuesAs(JsonObject.class).stream().map(Frames::seq).toList());
            assertEquals(31, seq(post(back.client(), room, "after", "r31")));
            assertEquals(3, seq(post(back.client(), room, "r3 resent", "r3")), "a resend gets the original");
        }
        awaitCaughtUp(2);
        assertArchivedOnce(room, 31);
    }

    @Test
    @Order(3)
    void aNodeKilledWhileItArchivesLeavesEveryAckedMessageArchivedOnce() throws Exception {
        List<String> rooms = List.of(Cluster.newRoom(), Cluster.newRoom(), Cluster.newRoom());
        Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(rooms.size());
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (String room : rooms) {
                sending.add(senders.submit(() -> {
                    for (int i = 1; i <= 2000; i++) {
                        HttpResponse<String> sent = cluster.post(1, "api/rooms/" + room + "/messages",
                                "{\"user\":\"load\",\"text\":\"k" + i + "\",\"id\":\"k" + i + "\"}");
                        if (sent.statusCode() != 202) {
                            return null;
                        }
                        acked.add(room + " " + seq(json(sent.body())));
                    }
                    return null;
                }));
            }
            Await.until(CAUGHT_UP, () -> acked.size() >= 300, "messages acked before the kill");
            cluster.process(1).kill();
            for (Future<?> send : sending) {
                try {
                    send.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // the node died under it: what it acked is counted, the rest never was
                }
            }
        } finally {
            senders.shutdownNow();
        }
        awaitCaughtUp(2);
        for (String room : rooms) {
            Set<Long> ackedSeqs = new HashSet<>();
            acked.stream().filter(entry -> entry.startsWith(room + " "))
                    .forEach(entry -> ackedSeqs.add(Long.parseLong(entry.substring(room.length() + 1))));
            long latest = latestSeq(room);
            assertTrue(latest >= ackedSeqs.stream().mapToLong(Long::longValue).max().orElse(0));
            assertArchivedOnce(room, latest);
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        return response;
    }

    private static boolean ready(int node) {
        try {
            return cluster.get(node, "health").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits until the node's /health says the archive is up and nothing is left to archive. */
    private static void awaitCaughtUp(int node) {
        Await.until(CAUGHT_UP, () -> {
            try {
                JsonObject archive = json(cluster.get(node, "health").body()).getJsonObject("archive");
                JsonObject lag = archive.getJsonObject("lag");
                return archive.getBoolean("up") && lag.getJsonNumber("messages").longValue() == 0;
            } catch (Exception e) {
                return false;
            }
        }, "archive lag 0 on node " + node);
    }

    /** The archive holds seqs 1..latest of the room, each once. */
    private static void assertArchivedOnce(String room, long latest) throws Exception {
        Await.until(CAUGHT_UP, () -> count(room, "count(*)") == latest, "room " + room + " archived to " + latest);
        assertEquals(latest, count(room, "count(DISTINCT seq)"));
        assertEquals(1, count(room, "min(seq)"));
        assertEquals(latest, count(room, "max(seq)"));
    }

    private static long latestSeq(String room) throws Exception {
        JsonObject page = json(ok(cluster.get(2, "api/rooms/" + room + "/messages?limit=1")).body());
        return seq(page.getJsonArray("messages").getJsonObject(0));
    }

    private static long count(String room, String what) {
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT " + what + " FROM parley_message WHERE room = ?")) {
            select.setString(1, room);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
