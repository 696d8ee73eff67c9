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
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import dev.parley.testing.Await;
import dev.parley.testing.RedisServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of joins, posts, leaves, disconnects and Redis faults on two nodes sharing a real redis-server:
 * whatever happens, every connection's messages are contiguous from its joined seq within an epoch, every connection
 * agrees on which message each seq names, and a sender's ack comes before its echo. A room whose history was lost
 * closes its members (1012) rather than skip a seq.
 */
class ClusterPropertiesIT {

    private static final RoomId ROOM = new RoomId("prop");
    private static RedisServer redis;

    /** jqwik runs no JUnit extensions (PrivateRedis): its container lifecycle starts the server instead. */
    @BeforeContainer
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterContainer
    static void stopRedis() throws InterruptedException {
        redis.close();
    }

    /** What a step of the run does. */
    sealed interface Step {
    }

    record Join(int client, int node) implements Step {
    }

    record Post(int client) implements Step {
    }

    record Leave(int client) implements Step {
    }

    record Disconnect(int client) implements Step {
    }

    /** Redis cuts every subscriber connection: pub/sub messages are lost until Lettuce resubscribes. */
    record KillSubscribers() implements Step {
    }

    /** Redis dies and comes back empty: rooms start over in a new epoch. */
    record RestartEmpty() implements Step {
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Integer> client = Arbitraries.integers().between(0, 4);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 4).flatMap(c ->
                        Arbitraries.integers().between(0, 1).map(n -> (Step) new Join(c, n)))),
                net.jqwik.api.Tuple.of(8, client.map(c -> (Step) new Post(c))),
                net.jqwik.api.Tuple.of(1, client.map(c -> (Step) new Leave(c))),
                net.jqwik.api.Tuple.of(1, client.map(c -> (Step) new Disconnect(c))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Step) new KillSubscribers())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Step) new RestartEmpty())));
        return step.list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 12, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyConnectionSeesOneGaplessOrder(@ForAll("runs") List<Step> steps) throws Exception {
        redis.flushAll();
        List<RedisBroker> brokers = new ArrayList<>();
        try {
            List<ChatService> nodes = List.of(node(brokers), node(brokers));
            Map<Integer, Client> clients = new HashMap<>();
            List<Client> everyone = new ArrayList<>();
            int posts = 0;
            for (Step step : steps) {
                if (step instanceof Join join) {
                    Client client = clients.computeIfAbsent(join.client(), c -> {
                        Client made = Client.connect(nodes.get(join.node()), "user" + c);
                        everyone.add(made);
                        return made;
                    });
                    client.send(new ClientFrame.Join(ROOM, client.name, null));
                } else if (step instanceof Post post && clients.containsKey(post.client())) {
                    clients.get(post.client()).send(new ClientFrame.Message(ROOM, "text " + ++posts,
                            "id" + posts));
                } else if (step instanceof Leave leave && clients.containsKey(leave.client())) {
                    clients.get(leave.client()).send(new ClientFrame.Leave(ROOM));
                } else if (step instanceof Disconnect gone && clients.containsKey(gone.client())) {
                    Client client = clients.remove(gone.client());
                    client.node.disconnect(client.connection);
                } else if (step instanceof KillSubscribers) {
                    redis.command("CLIENT", "KILL", "TYPE", "pubsub");
                } else if (step instanceof RestartEmpty) {
                    redis.kill();
                    redis.restart();
                }
            }
            // Quiet down: a last message from a fresh client must reach everyone still in the room unreset.
            Client marker = Client.connect(nodes.get(0), "marker");
            everyone.add(marker);
            marker.joinUntilJoined();
            marker.send(new ClientFrame.Message(ROOM, "the end", "end"));
            // (The marker's message may itself be what shows a node that Redis lost the room: then its members
            // there are closed with 1012 instead.)
            for (Client client : clients.values()) {
                if (client.isInRoom()) {
                    Await.until(QueuePeer.WAIT, () -> client.peer.closedFor() != null || client.peer.all().stream()
                            .anyMatch(frame -> "the end".equals(frame.getString("text", null))),
                            client.name + " seeing the marker or being closed");
                }
            }
            check(everyone);
        } finally {
            brokers.forEach(RedisBroker::close);
        }
    }

    /** Contiguous seqs per connection and epoch, one text per (epoch, seq) everywhere, acks before echoes. */
    private static void check(List<Client> clients) {
        Map<String, String> texts = new HashMap<>();
        for (Client client : clients) {
            String epoch = null;
            long expected = -1;
            Set<String> acked = new HashSet<>();
            for (JsonObject frame : client.peer.all()) {
                switch (frame.getString("type")) {
                    case "joined" -> {
                        epoch = frame.getString("epoch");
                        expected = frame.getJsonNumber("seq").longValueExact() + 1;
                        for (JsonObject old : frame.getJsonArray("history").getValuesAs(JsonObject.class)) {
                            agree(texts, epoch, old, client);
                        }
                    }
                    case "left" -> expected = -1;
                    case "ack" -> acked.add(frame.getString("id"));
                    case "message" -> {
                        long seq = frame.getJsonNumber("seq").longValueExact();
                        assertTrue(expected > 0, () -> client.name + " got a message outside the room: " + frame);
                        assertEquals(expected, seq, () -> client.name + " skipped or repeated in epoch "
                                + frame + " (frames: " + client.peer.all() + ")");
                        expected++;
                        agree(texts, epoch, frame, client);
                        if (frame.getString("user").equals(client.name.value()) && frame.containsKey("id")) {
                            assertTrue(acked.contains(frame.getString("id")), () -> client.name
                                    + " saw its echo before its ack: " + frame);
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    private static void agree(Map<String, String> texts, String epoch, JsonObject message, Client client) {
        String key = epoch + "/" + message.getJsonNumber("seq").longValueExact();
        String earlier = texts.putIfAbsent(key, message.getString("text"));
        if (earlier != null) {
            assertEquals(earlier, message.getString("text"), () -> client.name + " disagrees on " + key);
        }
    }

    private static ChatService node(List<RedisBroker> brokers) {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_MESSAGES_PER_SECOND", "100000",
                "PARLEY_NODE_LEASE_SECONDS", "3", "PARLEY_REDIS_TIMEOUT_MILLIS", "1000"),
                Map.of("parley.redisUri", redis.uri()));
        RedisBroker broker = new RedisBroker(config, RandomId.next(), RandomId::next, BrokerMetrics.NONE);
        brokers.add(broker);
        return new ChatService(config, broker, ChatMetrics.NONE, System::nanoTime);
    }

    /** A connection of the run. */
    private static final class Client {
        final ChatService node;
        final Connection connection;
        final QueuePeer peer;
        final UserName name;

        private Client(ChatService node, Connection connection, QueuePeer peer, UserName name) {
            this.node = node;
            this.connection = connection;
            this.peer = peer;
            this.name = name;
        }

        static Client connect(ChatService node, String name) {
            QueuePeer peer = new QueuePeer();
            return new Client(node, node.connect(NewConnection.anonymous(peer, Transport.WEBSOCKET)), peer, new UserName(name));
        }

        void send(ClientFrame frame) {
            node.handle(connection, frame);
        }

        /** Joins, and joins again while the node answers unavailable (Redis just came back), as clients do. */
        void joinUntilJoined() throws InterruptedException {
            long deadline = System.nanoTime() + QueuePeer.WAIT.toNanos();
            while (true) {
                send(new ClientFrame.Join(ROOM, name, null));
                JsonObject answer = peer.await(frame -> frame.getString("type").equals("joined")
                        || frame.getString("type").equals("error"), "an answer to the marker's join");
                if (answer.getString("type").equals("joined")) {
                    return;
                }
                assertEquals("unavailable", answer.getString("code"), answer::toString);
                assertTrue(System.nanoTime() < deadline, "the node stayed unavailable");
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }

        /** Whether its last answer about the room put it in: joined after its last left, and no error since. */
        boolean isInRoom() {
            boolean in = false;
            for (JsonObject frame : peer.all()) {
                switch (frame.getString("type")) {
                    case "joined" -> in = true;
                    case "left" -> in = false;
                    case "error" -> in = in && !"join".equals(frame.getString("ref", ""));
                    default -> { }
                }
            }
            return in;
        }
    }
}
