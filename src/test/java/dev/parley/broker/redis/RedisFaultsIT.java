package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.Await;
import dev.parley.testing.PrivateRedis;
import dev.parley.testing.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real faults against a real redis-server of the test's own: frozen, killed and started empty, its subscriber
 * connections cut. Every failure is either repaired or reported, never silent. Each wait is bounded.
 */
class RedisFaultsIT {

    private static final RoomId ROOM = new RoomId("faults");
    private static final UserName ADA = new UserName("ada");
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** A fresh one per test: the tests kill, freeze and reconfigure it. */
    @RegisterExtension
    final PrivateRedis privateRedis = new PrivateRedis();
    private RedisServer redis;
    private final List<RedisBroker> brokers = new ArrayList<>();

    @BeforeEach
    void useRedis() {
        redis = privateRedis.server();
    }

    @AfterEach
    void stop() throws Exception {
        redis.thaw(); // a test that failed while Redis was frozen must not leave it so
        brokers.forEach(RedisBroker::close);
    }

    /** A node with a short command timeout and lease, so that checks run every second. */
    private RedisBroker node(BlockingQueue<RoomEvent> events) {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_REDIS_TIMEOUT_MILLIS", "500",
                "PARLEY_NODE_LEASE_SECONDS", "3"), Map.of("parley.redisUri", redis.uri()));
        RedisBroker broker = new RedisBroker(config, RandomId.next(), RandomId::next, BrokerMetrics.NONE);
        brokers.add(broker);
        broker.register(events::add);
        return broker;
    }

    private static Post post(String text, String id) {
        return new Post(ROOM, ADA, text, id, null);
    }

    @Test
    void aFrozenRedisAnswersUnavailableWithinTheTimeoutAndWorksAgainWhenThawed() throws Exception {
        RedisBroker broker = node(new LinkedBlockingQueue<>());
        broker.publish(post("before", "c1"));
        Await.until(WAIT, () -> broker.status().up(), "the first canary");

        redis.freeze();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThrows(BrokerUnavailableException.class, () -> broker.publish(post("during", "c2")));
        }, "a command to a frozen Redis must fail, not hang");
        Await.until(WAIT, () -> !broker.status().up(), "readiness going down after missed canaries");

        redis.thaw();
        Await.until(WAIT, () -> broker.status().up(), "readiness coming back");
        // The frozen publish had left for Redis before the timeout, so Redis may have run it on waking up: the
        // client cannot know, and resends it with the same id. Either way the room holds it once.
        var resent = broker.publish(post("during", "c2"));
        assertEquals(2, resent.message().seq());
        assertEquals(List.of(1L, 2L), broker.history(ROOM, new dev.parley.broker.HistoryQuery.Latest(50)).messages()
                .stream().map(m -> m.seq()).toList());
    }

    @Test
    void aRedisBusyWithASlowCommandAnswersUnavailableThenGoesOn() throws Exception {
        RedisBroker broker = node(new LinkedBlockingQueue<>());
        broker.publish(post("before", null));
        Thread sleeper = new Thread(() -> {
            try {
                redis.command("DEBUG", "SLEEP", "2");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "debug-sleep");
        sleeper.start();
        Await.until(WAIT, () -> {
            try {
                broker.publish(post("probe", null));
                return false;
            } catch (BrokerUnavailableException e) {
                return true;
            }
        }, "a publish refused while Redis sleeps");
        sleeper.join(WAIT.toMillis());
        var after = broker.publish(post("after", "c9"));
        assertEquals(after.message().seq(), broker.history(ROOM, new dev.parley.broker.HistoryQuery.Latest(1))
                .seq(), "numbering goes on without a hole");
    }

    @Test
    void writesPausedByRedisAreRefusedThenRecordedOnce() throws Exception {
        RedisBroker broker = node(new LinkedBlockingQueue<>());
        broker.publish(post("before", null));
        assertEquals("+OK", redis.command("CLIENT", "PAUSE", "1500", "WRITE"));
        assertThrows(BrokerUnavailableException.class, () -> broker.publish(post("paused", "c1")));
        Await.until(WAIT, () -> {
            try {
                return broker.publish(post("paused", "c1")).message().seq() == 2;
            } catch (BrokerUnavailableException e) {
                return false;
            }
        }, "the resend answered with seq 2");
        assertEquals(2, broker.history(ROOM, new dev.parley.broker.HistoryQuery.Latest(50)).seq(),
                "the paused post and its resend make one message");
    }

    @Test
    void messagesPubSubLostAreReadFromTheStreamInOrder() throws Exception {
        BlockingQueue<RoomEvent> heard = new LinkedBlockingQueue<>();
        RedisBroker listener = node(heard);
        RedisBroker sender = node(new LinkedBlockingQueue<>());
        listener.subscribe(ROOM);
        int count = 200;
        for (int i = 1; i <= count; i++) {
            sender.publish(post("m" + i, null));
            if (i % 50 == 0) {
                redis.command("CLIENT", "KILL", "TYPE", "pubsub"); // the listener's subscriber is cut, and comes back
            }
        }
        assertEveryMessageInOrder(heard, count);
    }

    @Test
    void aSubscriberRedisCutForItsOutputBufferRepairsFromTheStream() throws Exception {
        BlockingQueue<RoomEvent> heard = new LinkedBlockingQueue<>();
        RedisBroker listener = node(heard);
        RedisBroker sender = node(new LinkedBlockingQueue<>());
        listener.subscribe(ROOM);
        // Any message bigger than 1 KB pending for a subscriber makes Redis disconnect it at once.
        assertEquals("+OK", redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1kb 1kb 0"));
        int count = 20;
        try {
            for (int i = 1; i <= count; i++) {
                sender.publish(post("x".repeat(2000) + i, null));
            }
        } finally {
            redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
        }
        assertEveryMessageInOrder(heard, count);
    }

    @Test
    void aRedisThatCameBackEmptyResetsTheRoomAndPutsThePresenceBack() throws Exception {
        BlockingQueue<RoomEvent> heard = new LinkedBlockingQueue<>();
        RedisBroker broker = node(heard);
        broker.subscribe(ROOM);
        broker.join(ROOM, new Member("a1", ADA));
        assertInstanceOf(RoomEvent.PresenceChanged.class, heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        broker.publish(post("kept?", null));
        assertInstanceOf(RoomEvent.Published.class, heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        redis.kill();
        redis.restart();

        RoomEvent reset;
        do {
            reset = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(reset, "no reset after Redis came back empty");
        } while (!(reset instanceof RoomEvent.Reset));
        Await.until(WAIT, () -> broker.rooms().stream().anyMatch(room -> room.room().equals(ROOM)
                && room.members() == 1), "the node's member back in presence");
        assertEquals(1, broker.publish(post("after", null)).message().seq(), "a new epoch starts over");
    }

    @Test
    void aRedisThatCameBackEmptyResetsTheRoomOnEveryNode() throws Exception {
        BlockingQueue<RoomEvent> first = new LinkedBlockingQueue<>();
        BlockingQueue<RoomEvent> second = new LinkedBlockingQueue<>();
        RedisBroker a = node(first);
        RedisBroker b = node(second);
        a.subscribe(ROOM);
        b.subscribe(ROOM);
        a.join(ROOM, new Member("a1", ADA));
        b.join(ROOM, new Member("b1", new UserName("bob")));
        a.publish(post("one", null));
        for (BlockingQueue<RoomEvent> heard : List.of(first, second)) { // both nodes know the room's epoch
            RoomEvent event;
            do {
                event = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(event, "a node did not get the first message");
            } while (!(event instanceof RoomEvent.Published));
        }

        redis.kill();
        redis.restart();
        Await.until(WAIT, () -> {
            try {
                a.join(ROOM, new Member("a2", new UserName("cy")));
                return true;
            } catch (BrokerUnavailableException e) {
                return false;
            }
        }, "a join after the restart");
        a.publish(post("after", null));

        for (BlockingQueue<RoomEvent> heard : List.of(first, second)) {
            RoomEvent event;
            do {
                event = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(event, "a node saw no reset");
            } while (!(event instanceof RoomEvent.Reset));
        }
    }

    @Test
    void aTrimmedGapResetsTheRoomInsteadOfSkippingIt() throws Exception {
        BlockingQueue<RoomEvent> heard = new LinkedBlockingQueue<>();
        RedisBroker listener = node(heard);
        listener.subscribe(ROOM);
        RedisBroker sender = node(new LinkedBlockingQueue<>());
        sender.publish(post("one", null));
        assertEquals(1, ((RoomEvent.Published) heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).message().seq());

        // Messages 2..4 are recorded behind the listener's back (no PUBLISH reaches it), then trimmed away.
        redis.command("HSET", "parley:{faults}:meta", "seq", "4");
        redis.command("XADD", "parley:{faults}:log", "0-4", "m",
                "{\"seq\":4,\"id\":\"\",\"user\":\"ada\",\"text\":\"four\",\"ts\":\"0\",\"origin\":\"\"}");
        sender.publish(post("five", null));

        RoomEvent event;
        do {
            event = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "no reset for a gap the stream cannot fill");
            assertFalse(event instanceof RoomEvent.Published p && p.message().seq() > 1
                    && p.message().seq() < 4, "messages that do not exist were passed on");
        } while (!(event instanceof RoomEvent.Reset));
    }

    @Test
    void aNodeWhoseLeaseLapsedPutsItsMembersBack() throws Exception {
        RedisBroker broker = node(new LinkedBlockingQueue<>());
        broker.join(ROOM, new Member("a1", ADA));
        // What another node does when it takes this one for dead: the lease and the presence are gone.
        redis.command("DEL", "parley:nodes");
        redis.command("DEL", "parley:{faults}:presence");
        redis.command("DEL", "parley:{faults}:names");

        Await.until(WAIT, () -> broker.rooms().stream().anyMatch(room -> room.room().equals(ROOM)
                && room.members() == 1), "the member back in presence");
    }

    /** The messages 1..count arrive, each once and in order, whatever else arrives between them. */
    private static void assertEveryMessageInOrder(BlockingQueue<RoomEvent> heard, int count)
            throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        while (seqs.size() < count) {
            RoomEvent event = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, () -> "only " + seqs.size() + " of " + count + " messages arrived: " + seqs);
            if (event instanceof RoomEvent.Published published) {
                seqs.add(published.message().seq());
            }
        }
        assertEquals(LongStream.rangeClosed(1, count).boxed().toList(), seqs);
    }
}
