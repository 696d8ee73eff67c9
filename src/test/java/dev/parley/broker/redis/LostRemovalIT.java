package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.parley.testing.PrivateRedis;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access changes across two nodes on one redis-server, and the ones whose pub/sub event a node never received: the
 * rule changed in Redis (as a removal does), but its event was lost. The node makes up for it when its subscription
 * comes back (the test cuts it with {@code CLIENT KILL TYPE pubsub}) and on the next join in the room.
 */
class LostRemovalIT {

    private static final RoomId STAFF = new RoomId("lost-staff");

    @RegisterExtension
    final PrivateRedis redis = new PrivateRedis();
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
        ParleyConfig config = ParleyConfig.load(Map.of(), Map.of("parley.redisUri", redis.uri()));
        RedisBroker broker = new RedisBroker(config, RandomId.next(), RandomId::next, BrokerMetrics.NONE);
        brokers.add(broker);
        return new ChatService(config, broker, ChatMetrics.NONE, System::nanoTime);
    }

    private record Client(Connection connection, QueuePeer peer) {
    }

    private static Client joined(ChatService node, String name) throws InterruptedException {
        QueuePeer peer = new QueuePeer();
        Client client = new Client(node.connect(NewConnection.anonymous(peer, Transport.WEBSOCKET)), peer);
        peer.next("welcome");
        node.handle(client.connection(), new ClientFrame.Join(STAFF, new UserName(name), null));
        peer.next("joined");
        return client;
    }

    private static JsonObject left(Client client) throws InterruptedException {
        return client.peer().await(frame -> frame.getString("type").equals("left"), "left");
    }

    private void privateRoomWith(String... members) {
        a.access().setAccess(STAFF, RoomAccess.PRIVATE);
        for (String member : members) {
            a.access().setMember(STAFF, member, Role.MEMBER);
        }
    }

    /** Takes the membership away in Redis without its event: what a node sees when the removal's message is lost. */
    private void loseMembership(String subject) throws Exception {
        redis.server().command("HDEL", "parley:{" + STAFF.value() + "}:rules", "m:" + subject);
    }

    @Test
    void aMembershipTakenAwayOnOneNodeTakesTheUserOutOnTheOther() throws Exception {
        privateRoomWith("ada", "bob");
        Client ada = joined(b, "ada");
        Client bob = joined(b, "bob");

        a.access().setMember(STAFF, "ada", null);

        assertEquals("revoked", left(ada).getString("reason"));
        JsonObject gone = bob.peer().await(frame -> frame.getString("type").equals("presence")
                && frame.getString("event").equals("leave"), "ada's departure");
        assertEquals("ada", gone.getString("sub"));
    }

    @Test
    void aRemovalLostWithTheSubscriptionIsMadeWhenTheSubscriptionComesBack() throws Exception {
        privateRoomWith("ada", "bob");
        Client ada = joined(b, "ada");
        Client bob = joined(b, "bob");
        loseMembership("ada");

        redis.server().command("CLIENT", "KILL", "TYPE", "pubsub");

        assertEquals("revoked", left(ada).getString("reason"));
        bob.peer().await(frame -> frame.getString("type").equals("presence")
                && frame.getString("event").equals("leave"), "ada's departure");
    }

    @Test
    void aRemovalLostOnTheWayIsMadeAtTheNextJoinInTheRoom() throws Exception {
        privateRoomWith("ada", "bob", "cy");
        Client ada = joined(b, "ada");
        loseMembership("ada");

        Client cy = joined(b, "cy");

        assertEquals("revoked", left(ada).getString("reason"));
        joined(a, "bob"); // a join on the other node: ada is gone from the room's presence everywhere
        JsonObject bobsArrival = cy.peer().await(frame -> frame.getString("type").equals("presence")
                && frame.getString("event").equals("join"), "bob's arrival");
        assertEquals(2, bobsArrival.getInt("members"), "cy and bob: ada is out");
    }
}
