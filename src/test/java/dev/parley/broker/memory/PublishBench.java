package dev.parley.broker.memory;

import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.archive.GroupCommit;
import dev.parley.broker.Post;
import dev.parley.broker.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.TemporaryFiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The publish benchmark of {@code bench/run archive-publish} (not a test: timings live in bench/run): 100 rooms, one
 * publishing thread each, at a total rate of messages per second, through {@link MemoryBroker#publish} with the
 * archive off, on H2 or on PostgreSQL; no WebSocket, the rooms' events counted and dropped. It prints this JVM's CPU
 * per message (the commit, and the publishing threads parked on it and woken), messages per commit and the publish
 * latency, measured after a warm-up.
 * <p>
 * Arguments: {@code off}, {@code h2} (a temporary directory, removed afterwards) or a PostgreSQL JDBC URL (user
 * postgres); then the rates, comma-separated; then the seconds measured per rate.
 */
public final class PublishBench {

    private static final int ROOMS = 100;

    private PublishBench() {
    }

    public static void main(String[] args) throws Exception {
        String store = args[0];
        Path dataDir = store.equals("h2") ? Files.createTempDirectory("parley-publish") : null;
        ParleyConfig config = ParleyConfig.load(store.startsWith("jdbc:")
                ? Map.of("PARLEY_ARCHIVE_URL", store, "PARLEY_ARCHIVE_USER", "postgres") : Map.of(), Map.of());
        AtomicLong commits = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        GroupCommit writer = store.equals("off") ? null
                : new GroupCommit(ArchiveSource.open(dataDir != null ? config.archive().inDirectory(dataDir)
                : config.archive()), new ArchiveMetrics() {
                    @Override
                    public void committed(int messages, long nanos) {
                        commits.incrementAndGet();
                        committed.addAndGet(messages);
                    }
                });
        MemoryBroker broker = new MemoryBroker(config, Clock.systemUTC(), System::nanoTime, RandomId::next, writer);
        AtomicLong delivered = new AtomicLong();
        broker.register(event -> {
            if (event instanceof RoomEvent.Published) {
                delivered.incrementAndGet();
            }
        });
        for (int r = 0; r < ROOMS; r++) {
            broker.subscribe(new RoomId("room-" + r));
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int seconds = Integer.parseInt(args[2]);
        System.out.printf("%n### publish through the broker: archive %s, %d rooms, a thread each%n%n",
                store.startsWith("jdbc:") ? "postgresql" : store, ROOMS);
        System.out.println("| messages/s offered | published/s | JVM CPU % | JVM CPU µs per message "
                + "| messages per commit | publish p50 ms | p99 ms |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        try {
            for (String rate : args[1].split(",")) {
                int perSecond = Integer.parseInt(rate);
                run(broker, perSecond, 3, null); // warm-up
                long cpu = os.getProcessCpuTime();
                long commits0 = commits.get();
                long committed0 = committed.get();
                List<Long> latencies = new ArrayList<>();
                long published = run(broker, perSecond, seconds, latencies);
                cpu = os.getProcessCpuTime() - cpu;
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                long groups = commits.get() - commits0;
                System.out.printf("| %d | %.0f | %.1f | %.1f | %s | %.2f | %.2f |%n", perSecond,
                        (double) published / seconds, 100.0 * cpu / TimeUnit.SECONDS.toNanos(seconds),
                        cpu / 1e3 / published,
                        groups == 0 ? "-" : String.format("%.1f", (double) (committed.get() - committed0) / groups),
                        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (dataDir != null) {
                TemporaryFiles.delete(dataDir);
            }
        }
    }

    /** Publishes for {@code seconds} at {@code perSecond} in all; answers how many, adding each latency when asked. */
    private static long run(MemoryBroker broker, int perSecond, int seconds, List<Long> latencies)
            throws InterruptedException {
        long interval = TimeUnit.SECONDS.toNanos(1) * ROOMS / perSecond;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong published = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        UserName ada = new UserName("ada");
        for (int r = 0; r < ROOMS; r++) {
            RoomId room = new RoomId("room-" + r);
            long[] own = new long[(int) (seconds * (long) perSecond / ROOMS) + 2];
            perThread.add(own);
            long offset = interval * r / ROOMS;
            Thread thread = new Thread(() -> {
                int n = 0;
                for (long due = start + offset; due < end && n < own.length; due += interval) {
                    LockSupport.parkNanos(due - System.nanoTime());
                    long began = System.nanoTime();
                    broker.publish(new Post(room, ada, "message " + n + " of the publish benchmark", null, null));
                    own[n++] = System.nanoTime() - began;
                    published.incrementAndGet();
                }
                Arrays.fill(own, n, own.length, -1);
            }, "publisher-" + r);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (latencies != null) {
            for (long[] own : perThread) {
                Arrays.stream(own).filter(nanos -> nanos >= 0).forEach(latencies::add);
            }
        }
        return published.get();
    }
}
