package dev.parley.cluster;

import static dev.parley.cluster.Frames.assertPresence;
import static dev.parley.cluster.Frames.connect;
import static dev.parley.cluster.Frames.json;
import static dev.parley.cluster.Frames.messages;
import static dev.parley.cluster.Frames.next;
import static dev.parley.cluster.Frames.post;
import static dev.parley.cluster.Frames.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.cluster.Frames.Joined;
import dev.parley.testing.Await;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A node dies without cleaning up (kill -9): its clients reconnect through haproxy to the node that is left and
 * recover what they missed, and the members of the dead node leave the others' presence once its lease runs out.
 * A node that only stalls for longer than its lease must get its members back when it resumes. The kill comes last.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeFailureIT {

    /** Short, so the test is; long enough that a busy machine does not make a live node miss its renewals. */
    private static final int LEASE_SECONDS = 5;
    /** The lease, one renewal period of the node that reaps, and slack for a busy machine. */
    private static final Duration LEAVE_BOUND = Duration.ofSeconds(LEASE_SECONDS + 10);

    private static Cluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Cluster.start("failure", 2, Map.of("PARLEY_NODE_LEASE_SECONDS", String.valueOf(LEASE_SECONDS)));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aNodeThatStalledLongerThanItsLeaseGetsItsMembersBackWhenItResumes() throws Exception {
        String room = Cluster.newRoom();
        try (Joined watcher = connect(cluster.node(2), room, "watcher");
             Joined ann = connect(cluster.node(1), room, "ann")) {
            assertPresence(next(watcher.client(), room, "presence"), "join", "ann", 2);
            cluster.process(1).freeze();
            try {
                assertPresence(next(watcher.client(), room, "presence"), "leave", "ann", 1);
            } finally {
                cluster.process(1).thaw();
            }
            // Either design is fine: ann is present again, or her connection is closed so that she joins again.
            Await.until(LEAVE_BOUND, () -> closed(ann) || members(room) == 2, "ann back in presence or cut off");
            if (!closed(ann)) {
                JsonObject back = watcher.client().await(frame -> frame.getString("type").equals("presence")
                        && frame.getString("user").equals("ann"));
                assertPresence(back, "join", "ann", 2);
                try (Joined carl = connect(cluster.node(2), room, "carl")) {
                    assertEquals(List.of("ann", "carl", "watcher"), carl.joined().getJsonArray("members")
                            .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
                }
                // carl's departure first, so that the count in ann's leave below is about ann alone.
                JsonObject carlGone = watcher.client().await(frame -> frame.getString("type").equals("presence")
                        && frame.getString("user").equals("carl") && frame.getString("event").equals("leave"));
                assertPresence(carlGone, "leave", "carl", 2);
                ann.close();
                JsonObject leave = watcher.client().await(frame -> frame.getString("type").equals("presence")
                        && frame.getString("user").equals("ann"));
                assertPresence(leave, "leave", "ann", 1);
            }
        }
    }

    @Test
    @Order(2)
    void clientsOfAKilledNodeRecoverElsewhereAndItsMembersLeaveWithinTheLease() throws Exception {
        // Round robin below needs both nodes in haproxy's rotation: node 1 may have been taken out while it stalled.
        Await.until(LEAVE_BOUND, () -> cluster.haproxy().isUp("node1"), "haproxy sending clients to node 1 again");
        String room = Cluster.newRoom();
        try (Joined watcher = connect(cluster.node(2), room, "watcher");
             Joined dora = connect(cluster.node(1), room, "dora");
             // Round robin: one of two consecutive connections through haproxy lands on each node.
             Joined vic1 = connect(cluster.balanced(), room, "vic1");
             Joined vic2 = connect(cluster.balanced(), room, "vic2")) {
            for (int i = 1; i <= 3; i++) {
                post(watcher.client(), room, "before " + i, "b" + i);
            }
            for (Joined member : List.of(dora, vic1, vic2)) {
                assertEquals(3, seq(messages(member.client(), room, 3).get(2)));
            }

            long killed = System.nanoTime();
            cluster.process(1).kill();

            Await.until(Duration.ofSeconds(20), () -> closed(vic1) || closed(vic2),
                    "haproxy closing the connection to the killed node");
            Joined victim = closed(vic1) ? vic1 : vic2;
            Joined survivor = victim == vic1 ? vic2 : vic1;
            String victimName = victim.joined().getString("user");
            assertFalse(survivor.client().closesWithin(Duration.ofMillis(500)),
                    "one of two connections through haproxy was on the other node");

            for (int i = 1; i <= 3; i++) {
                post(watcher.client(), room, "missed " + i, "m" + i);
            }
            List<JsonObject> seenBySurvivor = messages(survivor.client(), room, 3);
            assertEquals(List.of(4L, 5L, 6L), seenBySurvivor.stream().map(Frames::seq).toList());

            Set<String> left = new HashSet<>();
            while (!left.containsAll(Set.of("dora", victimName))) {
                JsonObject leave = watcher.client().await(frame -> frame.getString("type").equals("presence")
                        && frame.getString("event").equals("leave"));
                left.add(leave.getString("user"));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("presence leave of the killed node's members " + took.toMillis()
                    + " ms after kill -9 (lease " + LEASE_SECONDS + " s)");
            assertTrue(took.compareTo(LEAVE_BOUND) <= 0, "leave after " + took + ", bound " + LEAVE_BOUND);

            try (Joined back = reconnect(room, victimName, 3, victim.epoch())) {
                assertTrue(back.joined().getBoolean("recovered"), back.joined().toString());
                assertEquals(List.of("missed 1", "missed 2", "missed 3"), back.joined().getJsonArray("history")
                        .getValuesAs(JsonObject.class).stream().map(m -> m.getString("text")).toList());
                assertEquals(victim.epoch(), back.epoch());

                post(watcher.client(), room, "after", "a1");
                assertEquals(7, seq(messages(back.client(), room, 1).get(0)));
            }
            // Gone from the cluster's count: dora, and the victim's reconnection once closed.
            Await.until(Duration.ofSeconds(20), () -> members(room) == 2, "2 members listed (watcher, survivor)");
        }
    }

    private static int members(String room) {
        try {
            return json(cluster.get(2, "api/rooms").body()).getJsonArray("rooms").getValuesAs(JsonObject.class)
                    .stream().filter(r -> r.getString("room").equals(room)).findFirst().orElseThrow()
                    .getInt("members");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Reconnects through haproxy as a browser would, trying again while haproxy still sends it to the dead node. */
    private static Joined reconnect(String room, String name, long since, String epoch) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return connect(cluster.balanced(), room, name, since, epoch);
            } catch (Exception | AssertionError refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                TimeUnit.MILLISECONDS.sleep(250); // a client's back-off between attempts
            }
        }
    }

    private static boolean closed(Joined member) {
        try {
            return member.client().closesWithin(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
