package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.application.Connection;
import dev.parley.application.NewConnection;
import dev.parley.application.Transport;
import dev.parley.broker.BrokerMetrics;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCause;
import dev.parley.testing.Await;
import dev.parley.testing.PrivateRedis;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two chat services on two Redis brokers sharing one redis-server, in one JVM: two nodes of a cluster, with clients
 * on each. What a member sees must not depend on which node it is on.
 */
class TwoNodesIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();
    private final List<RedisBroker> brokers = new ArrayList<>();
    private ChatService a;
    private ChatService b;

    @BeforeEach
    void startNodes() {
        a = node();
        b = node();
    }

    @AfterEach
    void stopNodes() {
        brokers.forEach(RedisBroker::close);
    }

    private ChatService node() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_MESSAGES_PER_SECOND", "100000"),
                Map.of("parley.redisUri", redis.uri()));
        RedisBroker broker = new RedisBroker(config, RandomId.next(), RandomId::next, BrokerMetrics.NONE);
        brokers.add(broker);
        return new ChatService(config, broker, ChatMetrics.NONE, System::nanoTime);
    }

    /** A client on a node: its connection and what it receives. */
    private record Client(ChatService node, Connection connection, QueuePeer peer) {
        void send(ClientFrame frame) {
            node.handle(connection, frame);
        }

        JsonObject join(String room, String name) throws InterruptedException {
            send(new ClientFrame.Join(new RoomId(room), new UserName(name), null));
            return peer.next("joined");
        }

        void post(String room, String text, String id) {
            send(new ClientFrame.Message(new RoomId(room), text, id));
        }
    }

    private static Client connect(ChatService node) throws InterruptedException {
        QueuePeer peer = new QueuePeer();
        Client client = new Client(node, node.connect(NewConnection.anonymous(peer, Transport.WEBSOCKET)), peer);
        peer.next("welcome");
        return client;
    }

    private static Client joined(ChatService node, String room, String name) throws InterruptedException {
        Client client = connect(node);
        client.join(room, name);
        return client;
    }

    @Test
    void sendersOnBothNodesMakeOneGaplessOrderThatEveryMemberSees() throws Exception {
        List<Client> members = List.of(joined(a, "order", "ada"), joined(b, "order", "bob"),
                joined(b, "order", "cy"));
        List<Client> senders = List.of(joined(a, "order", "s1"), joined(a, "order", "s2"), joined(b, "order", "s3"));
        members.forEach(member -> member.peer().discard());
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (Client sender : senders) {
                sending.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        sender.post("order", sender.connection().name() + "-" + i, null);
                    }
                }));
            }
            for (Future<?> future : sending) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> first = null;
        for (Client member : members) {
            List<String> seen = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            while (seqs.size() < senders.size() * each) {
                JsonObject frame = member.peer().await(f -> f.getString("type").equals("message"), "a message");
                seqs.add(frame.getJsonNumber("seq").longValueExact());
                seen.add(frame.getString("text"));
            }
            assertEquals(LongStream.rangeClosed(1, senders.size() * each).boxed().toList(), seqs);
            if (first == null) {
                first = seen;
            } else {
                assertEquals(first, seen, "the same message under each seq on every node");
            }
        }
    }

    @Test
    void aJoinWhileAnotherNodeSendsGetsTheNextSeqFirst() throws Exception {
        Client sender = joined(a, "busy", "ada");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> sending = pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    sender.post("busy", "m" + i, null);
                }
            });
            Client late = connect(b);
            JsonObject joinedFrame = late.join("busy", "bob");
            long seq = joinedFrame.getJsonNumber("seq").longValueExact();
            sending.get(30, TimeUnit.SECONDS);
            for (long next = seq + 1; next <= 300; next++) {
                JsonObject message = late.peer().await(f -> f.getString("type").equals("message"), "message " + next);
                assertEquals(next, message.getJsonNumber("seq").longValueExact());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSenderIsAckedBeforeItsEchoAndTheOtherNodeSeesItOnce() throws Exception {
        Client ada = joined(a, "acks", "ada");
        Client bob = joined(b, "acks", "bob");
        assertEquals("bob", ada.peer().next("presence").getString("user"));

        ada.post("acks", "hello", "c1");
        assertEquals(1, ada.peer().next("ack").getInt("seq"));
        assertEquals(1, ada.peer().next("message").getInt("seq"));
        assertEquals("hello", bob.peer().await(f -> f.getString("type").equals("message"), "hello").getString("text"));
    }

    @Test
    void aResendOnAnotherNodeIsAckedWithTheOriginalAndShownOnce() throws Exception {
        Client ada = joined(a, "resend", "ada");
        Client bob = joined(b, "resend", "bob");
        ada.post("resend", "before the drop", "c1");
        bob.peer().await(f -> f.getString("type").equals("message"), "the original");
        ada.node().disconnect(ada.connection());

        Client again = joined(b, "resend", "ada");
        again.post("resend", "before the drop", "c1");
        JsonObject ack = again.peer().next("ack");
        assertEquals(1, ack.getInt("seq"));
        again.post("resend", "after", "c2");
        assertEquals(2, again.peer().next("ack").getInt("seq"));
        JsonObject next = bob.peer().await(f -> f.getString("type").equals("message"), "the next message");
        assertEquals(2, next.getInt("seq"), "bob never saw the resend");
    }

    @Test
    void aNameWithTabsOnBothNodesIsPresentOnceAndLeavesWithItsLastTab() throws Exception {
        Client bob = joined(b, "tabs", "bob");
        Client tab1 = joined(a, "tabs", "ada");
        JsonObject arrival = bob.peer().next("presence");
        assertEquals("join", arrival.getString("event"));
        assertEquals(2, arrival.getInt("members"));
        Client tab2 = connect(b);
        JsonObject joined = tab2.join("tabs", "ada");
        assertEquals(List.of("ada", "bob"), joined.getJsonArray("members").getValuesAs(
                jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());

        tab1.node().disconnect(tab1.connection());
        bob.send(new ClientFrame.Typing(new RoomId("tabs")));
        assertEquals("typing", tab2.peer().next("typing").getString("type"), "ada's second tab hears bob type");
        tab2.node().disconnect(tab2.connection());
        JsonObject departure = bob.peer().next("presence");
        assertEquals("leave", departure.getString("event"), "no presence between: the first tab's leave was silent");
        assertEquals(1, departure.getInt("members"));
        assertTrue(a.rooms().stream().anyMatch(room -> room.room().value().equals("tabs") && room.members() == 1));
    }

    /**
     * Redis restarts empty while ada is in a room on node a. Bob rejoins on node b (the room is made anew, a new
     * epoch), then cy joins on node a, whose feed still knows the old epoch: the reset that reaches node a closes ada
     * (she holds messages of the lost epoch) but not cy, whose joined named the new epoch; cy's message is acked.
     */
    @Test
    void aMemberWhoJoinedAfterRedisCameBackEmptyIsNotClosedByTheRoomsReset() throws Exception {
        Client ada = joined(a, "reborn", "ada");
        ada.post("reborn", "before", "c1");
        ada.peer().await(f -> f.getString("type").equals("message"), "ada's echo");
        String oldEpoch = ada.peer().all().stream().filter(f -> f.getString("type").equals("joined")).findFirst()
                .orElseThrow().getString("epoch");

        redis.server().kill();
        redis.server().restart();
        Client bob = joinOnceRedisAnswers(b, "reborn", "bob");
        String newEpoch = bob.peer().all().stream().filter(f -> f.getString("type").equals("joined")).findFirst()
                .orElseThrow().getString("epoch");
        Client cy = joinOnceRedisAnswers(a, "reborn", "cy");
        JsonObject cyJoined = cy.peer().all().stream().filter(f -> f.getString("type").equals("joined")).findFirst()
                .orElseThrow();
        assertTrue(!newEpoch.equals(oldEpoch), "the room was made anew");
        assertEquals(newEpoch, cyJoined.getString("epoch"));

        cy.post("reborn", "after", "c2");
        JsonObject ack = cy.peer().await(f -> f.getString("type").equals("ack"), "cy's ack");
        assertEquals(cyJoined.getJsonNumber("seq").longValueExact() + 1, ack.getJsonNumber("seq").longValueExact());
        assertEquals("after", bob.peer().await(f -> f.getString("type").equals("message"), "cy's message on node b")
                .getString("text"));
        Await.until(QueuePeer.WAIT, () -> ada.peer().closedFor() == CloseCause.ROOM_RESET,
                "ada, of the lost epoch, closed to rejoin");
        assertEquals(null, cy.peer().closedFor(), "cy joined in the new epoch");
        assertEquals(null, bob.peer().closedFor());
    }

    /** Joins as soon as Redis answers again (until then a join gets {@code error unavailable}). */
    private static Client joinOnceRedisAnswers(ChatService node, String room, String name) {
        AtomicReference<Client> member = new AtomicReference<>();
        Await.until(QueuePeer.WAIT, () -> {
            try {
                Client client = connect(node);
                client.send(new ClientFrame.Join(new RoomId(room), new UserName(name), null));
                JsonObject answer = client.peer().await(f -> f.getString("type").equals("joined")
                        || f.getString("type").equals("error"), "joined or an error");
                if (answer.getString("type").equals("joined")) {
                    member.set(client);
                    return true;
                }
                node.disconnect(client.connection());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, name + " joined after Redis came back");
        return member.get();
    }

    @Test
    void aUserBannedOnOneNodeLeavesOnTheOtherAndStaysOutUntilUnbanned() throws Exception {
        a.access().setMember(new RoomId("mod"), "own", dev.parley.domain.Role.OWNER);
        Client own = joined(a, "mod", "own");
        Client bob = joined(b, "mod", "bob");
        Client cy = joined(b, "mod", "cy");
        own.peer().discard();

        own.send(new ClientFrame.Moderate(ClientFrame.Action.BAN, new RoomId("mod"), "bob"));

        JsonObject left = bob.peer().await(f -> f.getString("type").equals("left"), "bob's left");
        assertEquals("banned", left.getString("reason"));
        JsonObject leave = cy.peer().await(f -> f.getString("type").equals("presence")
                && f.getString("user").equals("bob"), "bob's leave on node b");
        assertEquals("leave", leave.getString("event"));
        // cy's join may reach node a after the discard above: wait for bob's presence, not the first one.
        assertEquals("leave", own.peer().await(f -> f.getString("type").equals("presence")
                && f.getString("user").equals("bob"), "bob's leave on node a").getString("event"));
        bob.send(new ClientFrame.Join(new RoomId("mod"), null, null));
        assertEquals("forbidden", bob.peer().next("error").getString("code"));

        own.send(new ClientFrame.Moderate(ClientFrame.Action.KICK, new RoomId("mod"), "cy"));
        assertEquals("kicked", cy.peer().await(f -> f.getString("type").equals("left"), "cy's left")
                .getString("reason"));
        own.send(new ClientFrame.Moderate(ClientFrame.Action.UNBAN, new RoomId("mod"), "bob"));
        own.peer().await(f -> f.getString("type").equals("moderated") && f.getString("action").equals("unban"),
                "the unban done");
        assertEquals("joined", bob.join("mod", "bob").getString("type"));
    }

    /**
     * Access changes across the nodes, and the ones whose pub/sub event a node never received: the rule changed in
     * Redis (as a removal does) but its event was lost. The node makes up for it when its subscription comes back (cut
     * here with {@code CLIENT KILL TYPE pubsub}) and on the next join in the room.
     */
    @Nested
    class AccessChanges {

        private static final String STAFF = "lost-staff";

        private void privateRoomWith(String... members) {
            a.access().setAccess(new RoomId(STAFF), RoomAccess.PRIVATE);
            for (String member : members) {
                a.access().setMember(new RoomId(STAFF), member, Role.MEMBER);
            }
        }

        /** Takes the membership away in Redis without its event: what a node sees when the removal's is lost. */
        private void loseMembership(String subject) throws Exception {
            redis.server().command("HDEL", "parley:{" + STAFF + "}:rules", "m:" + subject);
        }

        private static JsonObject left(Client client) throws InterruptedException {
            return client.peer().await(frame -> frame.getString("type").equals("left"), "left");
        }

        private static JsonObject presence(Client client, String event) throws InterruptedException {
            return client.peer().await(frame -> frame.getString("type").equals("presence")
                    && frame.getString("event").equals(event), "a presence " + event);
        }

        @Test
        void aMembershipTakenAwayOnOneNodeTakesTheUserOutOnTheOther() throws Exception {
            privateRoomWith("ada", "bob");
            Client ada = joined(b, STAFF, "ada");
            Client bob = joined(b, STAFF, "bob");

            a.access().setMember(new RoomId(STAFF), "ada", null);

            assertEquals("revoked", left(ada).getString("reason"));
            assertEquals("ada", presence(bob, "leave").getString("sub"));
        }

        @Test
        void aRemovalLostWithTheSubscriptionIsMadeWhenTheSubscriptionComesBack() throws Exception {
            privateRoomWith("ada", "bob");
            Client ada = joined(b, STAFF, "ada");
            Client bob = joined(b, STAFF, "bob");
            loseMembership("ada");

            redis.server().command("CLIENT", "KILL", "TYPE", "pubsub");

            assertEquals("revoked", left(ada).getString("reason"));
            assertEquals("ada", presence(bob, "leave").getString("sub"));
        }

        @Test
        void aRemovalLostOnTheWayIsMadeAtTheNextJoinInTheRoom() throws Exception {
            privateRoomWith("ada", "bob", "cy");
            Client ada = joined(b, STAFF, "ada");
            loseMembership("ada");

            Client cy = joined(b, STAFF, "cy");

            assertEquals("revoked", left(ada).getString("reason"));
            joined(a, STAFF, "bob"); // a join on the other node: ada is gone from the room's presence everywhere
            assertEquals(2, presence(cy, "join").getInt("members"), "cy and bob: ada is out");
        }
    }
}
