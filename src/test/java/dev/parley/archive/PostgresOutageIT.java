package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Post;
import dev.parley.broker.RoomEvent;
import dev.parley.broker.memory.MemoryBroker;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RandomId;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.Await;
import dev.parley.testing.Postgres;
import dev.parley.testing.PrivatePostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The archive on a PostgreSQL of the test's own, frozen with SIGSTOP for 30 s while two senders keep posting with
 * client ids and resend what was refused: during the outage posts are refused as unavailable and the archive reports
 * itself down; after it, everything goes on without a restart, every id is stored once, seqs are gapless, and what
 * was delivered is what the archive holds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresOutageIT {

    private static final RoomId ROOM = new RoomId("outage");
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void aFrozenArchiveRefusesPostsThenEverythingGoesOnWithNothingLost() throws Exception {
        try (PrivatePostgres server = PrivatePostgres.start(); Postgres database = Postgres.createDatabase(
                server.hostPort())) {
            ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_ARCHIVE_URL", database.url(),
                    "PARLEY_ARCHIVE_USER", database.user(), "PARLEY_ARCHIVE_TIMEOUT_MILLIS", "1000"), Map.of());
            GroupCommit commits = new GroupCommit(ArchiveSource.open(config.archive()), ArchiveMetrics.NONE);
            MemoryBroker broker = new MemoryBroker(config, Clock.systemUTC(), System::nanoTime, RandomId::next,
                    commits);
            List<ChatMessage> delivered = Collections.synchronizedList(new ArrayList<>());
            broker.register(event -> {
                if (event instanceof RoomEvent.Published published) {
                    delivered.add(published.message());
                }
            });
            broker.subscribe(ROOM);
            AtomicInteger acked = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger refused = new AtomicInteger();
            Set<Long> ackedSeqs = ConcurrentHashMap.newKeySet();
            ExecutorService senders = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (String sender : List.of("ann", "bob")) {
                    running.add(senders.submit(() -> {
                        for (int i = 1; !done.get(); i++) {
                            Post post = new Post(ROOM, new UserName(sender), "message " + i, sender + "-" + i, null);
                            while (true) {
                                try {
                                    ackedSeqs.add(broker.publish(post).message().seq());
                                    acked.incrementAndGet();
                                    break;
                                } catch (BrokerUnavailableException e) {
                                    refused.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                Await.until(Duration.ofSeconds(30), () -> acked.get() >= 50, "posts acked before the outage");
                server.freeze();
                long frozenAt = System.nanoTime();
                int ackedAtFreeze = acked.get();
                try {
                    Await.until(Duration.ofSeconds(20), () -> !commits.status().up(), "the archive reported down");
                    int refusedBefore = refused.get();
                    Await.until(Duration.ofSeconds(20), () -> refused.get() > refusedBefore + 2, "posts refused");
                    Await.until(OUTAGE.plusSeconds(10), () -> System.nanoTime() - frozenAt >= OUTAGE.toNanos(),
                            "the outage's end");
                    // At most the one message each sender had in flight, committed just before the freeze.
                    assertTrue(acked.get() <= ackedAtFreeze + 2, "acked while the archive was frozen: "
                            + (acked.get() - ackedAtFreeze));
                    assertFalse(commits.status().up());
                } finally {
                    server.thaw();
                }
                int ackedAtThaw = acked.get();
                Await.until(Duration.ofSeconds(60), () -> acked.get() >= ackedAtThaw + 100, "posts acked after it");
                done.set(true);
                for (Future<?> sender : running) {
                    sender.get(90, TimeUnit.SECONDS);
                }
            } finally {
                senders.shutdownNow();
            }
            Await.until(Duration.ofSeconds(20), () -> commits.status().up(), "the archive reported up again");

            long total = acked.get();
            assertTrue(refused.get() > 0);
            List<ChatMessage> stored = new ArrayList<>();
            List<ChatMessage> page;
            while (!(page = commits.archive().after(ROOM, stored.size(), 1000)).isEmpty()) {
                stored.addAll(page);
            }
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(),
                    stored.stream().map(ChatMessage::seq).toList(), "gapless, nothing twice");
            assertEquals(total, stored.stream().map(ChatMessage::clientId).distinct().count(), "every id once");
            assertEquals(stored, delivered, "delivered exactly what the archive holds, in order");
            assertEquals(total, broker.history(ROOM, new HistoryQuery.Latest(1)).seq());
            assertEquals(total, ackedSeqs.size(), "each ack a seq of its own");
            commits.close();
        }
    }

}
