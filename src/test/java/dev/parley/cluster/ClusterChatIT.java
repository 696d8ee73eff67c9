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
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two Parley nodes on one Redis, with haproxy in front, behave as one chat server (issue 13): the built WAR on Payara
 * Micro, clients over the network, some straight to a node, some through the load balancer. The processes are shared
 * by the tests; each test has its own room.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterChatIT {

    private static Cluster cluster;
    private static ExecutorService threads;

    private String room;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Cluster.start("chat", 2, Map.of());
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void newRoom() {
        room = Cluster.newRoom();
    }

    @Test
    void sendersOnDifferentNodesMakeOneGaplessOrderThatEveryMemberSees() throws Exception {
        int perSender = 30;
        try (Joined r1 = connect(cluster.node(1), room, "r1");
             Joined r2 = connect(cluster.node(2), room, "r2");
             Joined r3 = connect(cluster.balanced(), room, "r3");
             Joined s1 = connect(cluster.node(1), room, "s1");
             Joined s2 = connect(cluster.node(2), room, "s2");
             Joined s3 = connect(cluster.balanced(), room, "s3")) {
            List<Future<?>> sending = new ArrayList<>();
            for (Joined sender : List.of(s1, s2, s3)) {
                String user = sender.joined().getString("user");
                sending.add(threads.submit(() -> {
                    for (int i = 0; i < perSender; i++) {
                        Frames.send(sender.client(), room, user + " " + i, user + "-" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> send : sending) {
                send.get(1, TimeUnit.MINUTES);
            }

            List<String> first = null;
            for (Joined member : List.of(r1, r2, r3, s1, s2, s3)) {
                List<JsonObject> seen = messages(member.client(), room, 3 * perSender);
                List<String> order = new ArrayList<>();
                Map<String, Integer> nextFromSender = new HashMap<>();
                for (int i = 0; i < seen.size(); i++) {
                    JsonObject message = seen.get(i);
                    assertEquals(i + 1, seq(message), () -> "gap or reorder at " + member.joined().getString("user")
                            + ": " + message);
                    String user = message.getString("user");
                    int expected = nextFromSender.merge(user, 1, Integer::sum) - 1;
                    assertEquals(user + " " + expected, message.getString("text"),
                            () -> "one sender's messages out of order at " + member.joined().getString("user"));
                    order.add(seq(message) + " " + message.getString("id"));
                }
                if (first == null) {
                    first = order;
                } else {
                    assertEquals(first, order, "every member sees the same order");
                }
                member.client().expectNothingElse(); // no repeat after the last one
            }
        }
    }

    @Test
    void theFirstLiveMessageAfterJoinedIsTheNextSeqWhileAnotherNodeSends() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        try (Joined sender = connect(cluster.node(1), room, "sender")) {
            Future<Integer> sent = threads.submit(() -> {
                int count = 0;
                while (sending.get() && count < 20_000) {
                    // One in flight at a time: the round trip paces the sender.
                    post(sender.client(), room, "m" + count, "m" + count);
                    count++;
                }
                return count;
            });
            for (int joiner = 0; joiner < 10; joiner++) {
                var chat = joiner % 2 == 0 ? cluster.node(2) : cluster.balanced();
                try (Joined late = connect(chat, room, "late" + joiner)) {
                    long joinedSeq = late.seq();
                    var history = late.joined().getJsonArray("history").getValuesAs(JsonObject.class);
                    if (!history.isEmpty()) {
                        assertEquals(joinedSeq, seq(history.get(history.size() - 1)), "history ends at joined.seq");
                    }
                    List<JsonObject> live = messages(late.client(), room, 5);
                    for (int i = 0; i < live.size(); i++) {
                        assertEquals(joinedSeq + 1 + i, seq(live.get(i)),
                                "live messages after joined (seq " + joinedSeq + ") at joiner " + joiner);
                    }
                }
            }
            sending.set(false);
            assertTrue(sent.get(1, TimeUnit.MINUTES) > 30, "the sender kept sending during the joins");
        } finally {
            sending.set(false);
        }
    }

    @Test
    void aNameWithTabsOnTwoNodesIsPresentOnceAndLeavesWithItsLastTab() throws Exception {
        try (Joined watcher = connect(cluster.node(1), room, "watcher");
             Joined ann1 = connect(cluster.node(1), room, "ann")) {
            assertPresence(next(watcher.client(), room, "presence"), "join", "ann", 2);

            try (Joined ann2 = connect(cluster.node(2), room, "ann");
                 Joined bob = connect(cluster.node(2), room, "bob")) {
                assertEquals(List.of("ann", "watcher"), names(ann2.joined()));
                assertEquals(List.of("ann", "bob", "watcher"), names(bob.joined()));
                // Events of a room reach every node in one order: had ann's second tab made one, it would come first.
                assertPresence(next(watcher.client(), room, "presence"), "join", "bob", 3);

                ann1.close();
                bob.client().send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
                bob.client().expect("left");
                assertPresence(next(watcher.client(), room, "presence"), "leave", "bob", 2);

                ann2.close();
                assertPresence(next(watcher.client(), room, "presence"), "leave", "ann", 1);
            }
        }
    }

    @Test
    void typingReachesTheOtherNodesButNotTheTypistsOtherTab() throws Exception {
        try (Joined ann1 = connect(cluster.node(1), room, "ann");
             Joined ann2 = connect(cluster.node(2), room, "ann");
             Joined bob = connect(cluster.node(2), room, "bob");
             Joined cy = connect(cluster.balanced(), room, "cy")) {
            ann1.client().send("{\"type\":\"typing\",\"room\":\"" + room + "\"}");
            assertEquals("ann", next(bob.client(), room, "typing").getString("user"));
            assertEquals("ann", next(cy.client(), room, "typing").getString("user"));

            post(bob.client(), room, "after the typing", "b1");
            JsonObject seenByAnn2 = next(ann2.client(), room, "typing", "message");
            assertEquals("message", seenByAnn2.getString("type"), "ann's other tab gets no typing of ann");
        }
    }

    @Test
    void aClientRecoversOnAnotherNodeWhatItMissed() throws Exception {
        try (Joined pat = connect(cluster.node(2), room, "pat");
             Joined cy = connect(cluster.node(1), room, "cy")) {
            for (int i = 1; i <= 3; i++) {
                post(pat.client(), room, "before " + i, "b" + i);
            }
            List<JsonObject> seen = messages(cy.client(), room, 3);
            long since = seq(seen.get(2));
            String epoch = cy.epoch();
            cy.close();
            for (int i = 1; i <= 4; i++) {
                post(pat.client(), room, "missed " + i, "m" + i);
            }

            try (Joined back = connect(cluster.node(2), room, "cy", since, epoch)) {
                assertTrue(back.joined().getBoolean("recovered"), back.joined().toString());
                List<JsonObject> history = back.joined().getJsonArray("history").getValuesAs(JsonObject.class);
                assertEquals(List.of("missed 1", "missed 2", "missed 3", "missed 4"),
                        history.stream().map(m -> m.getString("text")).toList());
                assertEquals(List.of(since + 1, since + 2, since + 3, since + 4),
                        history.stream().map(Frames::seq).toList());
                assertEquals(epoch, back.epoch());

                post(pat.client(), room, "live", "l1");
                assertEquals(since + 5, seq(messages(back.client(), room, 1).get(0)));
            }
            try (Joined again = connect(cluster.balanced(), room, "cy", since + 3, epoch)) {
                assertTrue(again.joined().getBoolean("recovered"), again.joined().toString());
                assertEquals(List.of(since + 4, since + 5), again.joined().getJsonArray("history")
                        .getValuesAs(JsonObject.class).stream().map(Frames::seq).toList());
            }
            try (Joined otherEpoch = connect(cluster.node(1), room, "cy", since, "not-this-room")) {
                assertFalse(otherEpoch.joined().getBoolean("recovered"));
            }
        }
    }

    @Test
    void anHttpPublishOnOneNodeReachesMembersOnTheOtherWithTheNextSeq() throws Exception {
        try (Joined ada = connect(cluster.node(2), room, "ada");
             Joined ben = connect(cluster.node(1), room, "ben")) {
            post(ada.client(), room, "first", "a1");

            HttpResponse<String> response = cluster.post(1, "api/rooms/" + room + "/messages",
                    "{\"user\":\"ticker\",\"text\":\"PRLY 42.00\"}");

            assertEquals(202, response.statusCode(), response.body());
            JsonObject ack = json(response.body());
            assertEquals(2, seq(ack));
            for (Joined member : List.of(ada, ben)) {
                List<JsonObject> seen = messages(member.client(), room, 2);
                assertEquals(2, seq(seen.get(1)));
                assertEquals("ticker", seen.get(1).getString("user"));
                assertEquals(ack.getString("ts"), seen.get(1).getString("ts"));
            }
            JsonObject history = json(cluster.get(2, "api/rooms/" + room + "/messages").body());
            assertEquals(List.of("first", "PRLY 42.00"), history.getJsonArray("messages")
                    .getValuesAs(JsonObject.class).stream().map(m -> m.getString("text")).toList());
        }
    }

    @Test
    void aUserBannedOnOneNodeWhileConnectedToTheOtherIsOutAtOnceAndStaysOut() throws Exception {
        assertEquals(200, cluster.put(1, "api/rooms/" + room + "/members/mod", "{\"role\":\"moderator\"}")
                .statusCode());
        try (Joined mod = connect(cluster.node(1), room, "mod");
             Joined bob = connect(cluster.node(2), room, "bob");
             Joined cy = connect(cluster.node(2), room, "cy")) {
            assertPresence(next(mod.client(), room, "presence"), "join", "bob", 2);

            mod.client().send("{\"type\":\"ban\",\"room\":\"" + room + "\",\"user\":\"bob\"}");

            assertEquals("banned", next(bob.client(), room, "left").getString("reason"));
            JsonObject leave = cy.client().await(frame -> frame.getString("type").equals("presence")
                    && frame.getString("user").equals("bob"));
            assertPresence(leave, "leave", "bob", 2);
            bob.client().send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            JsonObject refused = bob.client().expect("error");
            assertEquals("forbidden", refused.getString("code"), refused::toString);
            bob.client().send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"still here?\"}");
            assertEquals("not_joined", bob.client().expect("error").getString("code"));

            // the operator's ban through node 1 of a user on node 2
            HttpResponse<String> banned = cluster.put(1, "api/rooms/" + room + "/bans/cy", "");
            assertEquals(200, banned.statusCode(), banned.body());
            assertEquals("banned", next(cy.client(), room, "left").getString("reason"));
        }
    }

    @Test
    void accessTakenAwayOnOneNodeTakesItsUsersOutOnTheOther() throws Exception {
        assertEquals(200, cluster.put(1, "api/rooms/" + room + "/members/ada", "{\"role\":\"member\"}")
                .statusCode());
        try (Joined ada = connect(cluster.node(2), room, "ada");
             Joined eve = connect(cluster.node(2), room, "eve");
             Joined cy = connect(cluster.node(1), room, "cy")) {
            assertPresence(next(ada.client(), room, "presence"), "join", "eve", 2);
            assertPresence(next(ada.client(), room, "presence"), "join", "cy", 3);

            // the operator makes the room private through node 1: eve, on node 2 and without a role, is out
            HttpResponse<String> closed = cluster.put(1, "api/rooms/" + room, "{\"access\":\"private\"}");
            assertEquals(200, closed.statusCode(), closed.body());
            assertEquals("revoked", next(eve.client(), room, "left").getString("reason"));
            assertEquals("revoked", next(cy.client(), room, "left").getString("reason"));
            JsonObject gone = ada.client().await(frame -> frame.getString("type").equals("presence")
                    && frame.getString("user").equals("eve"));
            assertEquals("leave", gone.getString("event"), gone::toString);
            assertEquals("eve", gone.getString("sub"), "presence names the subject");

            // and takes ada's membership away through node 1
            HttpResponse<String> taken = cluster.delete(1, "api/rooms/" + room + "/members/ada");
            assertTrue(taken.statusCode() < 300, taken.statusCode() + " " + taken.body());
            assertEquals("revoked", next(ada.client(), room, "left").getString("reason"));
            ada.client().send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            assertEquals("forbidden", ada.client().expect("error").getString("code"));
        }
    }

    @Test
    void roomsListsMemberCountsOfTheWholeCluster() throws Exception {
        try (Joined ann1 = connect(cluster.node(1), room, "ann");
             Joined ann2 = connect(cluster.node(2), room, "ann");
             Joined bob = connect(cluster.balanced(), room, "bob")) {
            post(bob.client(), room, "hello", "h1");
            for (int node = 1; node <= 2; node++) {
                JsonObject listed = listed(node);
                assertEquals(2, listed.getInt("members"), "node " + node + ": " + listed);
                assertEquals(1, seq(listed), "node " + node + ": " + listed);
            }
            bob.close();
            for (int node = 1; node <= 2; node++) {
                int asked = node;
                Await.until(Duration.ofSeconds(20), () -> memberCount(asked) == 1,
                        "node " + node + " counting 1 member after bob left");
            }
        }
    }

    @Test
    void aResendOnAnotherNodeGetsTheOriginalAckAndIsShownOnce() throws Exception {
        try (Joined watcher = connect(cluster.node(2), room, "watcher")) {
            JsonObject ack;
            try (Joined sam = connect(cluster.node(1), room, "sam")) {
                ack = post(sam.client(), room, "once", "d-1");
            }
            assertEquals(1, seq(messages(watcher.client(), room, 1).get(0)));

            try (Joined samAgain = connect(cluster.node(2), room, "sam")) {
                JsonObject again = post(samAgain.client(), room, "once", "d-1");
                assertEquals(seq(ack), seq(again));
                assertEquals(ack.getString("ts"), again.getString("ts"));
                HttpResponse<String> overHttp = cluster.post(1, "api/rooms/" + room + "/messages",
                        "{\"user\":\"sam\",\"text\":\"once\",\"id\":\"d-1\"}");
                assertEquals(202, overHttp.statusCode(), overHttp.body());
                assertEquals(seq(ack), seq(json(overHttp.body())));

                JsonObject next = post(samAgain.client(), room, "twice", "d-2");
                assertEquals(2, seq(next));
            }
            JsonObject shown = messages(watcher.client(), room, 1).get(0);
            assertEquals(2, seq(shown), "the resends were not shown: " + shown);
            assertEquals("twice", shown.getString("text"));
        }
    }

    /**
     * The Redis client logs through java.util.logging and brings no SLF4J: a deployment logs no SLF4J no-provider
     * warning, and no stack trace from Netty looking for a logging framework (WildFly once logged one per deploy).
     */
    @Test
    void aNodesLogHasNoLoggingFrameworkNoise() throws Exception {
        for (int node = 1; node <= 2; node++) {
            String log = cluster.process(node).logText();
            assertFalse(log.contains("SLF4J"), "node " + node + " logged an SLF4J warning");
            assertFalse(log.contains("io.netty.util.internal.logging"), "node " + node
                    + " logged Netty looking for a logging framework");
        }
    }

    private static List<String> names(JsonObject joined) {
        return joined.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .toList();
    }

    private JsonObject listed(int node) throws Exception {
        HttpResponse<String> response = cluster.get(node, "api/rooms");
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body()).getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                .filter(listed -> listed.getString("room").equals(room))
                .findFirst()
                .orElseThrow(() -> new AssertionError("room " + room + " not listed by node " + node));
    }

    private int memberCount(int node) {
        try {
            return listed(node).getInt("members");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
