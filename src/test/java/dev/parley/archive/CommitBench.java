package dev.parley.archive;

import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.TemporaryFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commit benchmark of {@code bench/run archive-commits} (not a test: timings live in bench/run): what one
 * {@link Archive#write} of a group costs this JVM in CPU, by group size, the messages spread over 100 rooms as in the
 * rooms scenario. Each size runs twice and the second run is printed (the first warms the JIT). The database's own
 * processes (PostgreSQL's backends) are not counted; H2 runs inside this JVM and is.
 * <p>
 * Arguments: {@code h2} (a temporary directory, removed afterwards) or a PostgreSQL JDBC URL (user postgres), and the
 * group sizes, comma-separated.
 */
public final class CommitBench {

    private static final int ROOMS = 100;

    private CommitBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = args[0].equals("h2") ? Files.createTempDirectory("parley-commits") : null;
        ArchiveConfig config = dataDir != null ? ParleyConfig.defaults().archive().inDirectory(dataDir)
                : ParleyConfig.load(Map.of("PARLEY_ARCHIVE_URL", args[0], "PARLEY_ARCHIVE_USER", "postgres"), Map.of())
                .archive();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Archive archive = ArchiveSource.open(config)) {
            System.out.printf("%n### CPU per archive commit: %s, messages over %d rooms%n%n", archive.type(), ROOMS);
            System.out.println("| messages per commit | commits | JVM CPU µs per commit | of it on the writing thread "
                    + "| JVM CPU µs per message | wall µs per commit |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            Messages messages = new Messages();
            for (String size : args[1].split(",")) {
                int group = Integer.parseInt(size);
                int commits = Math.max(50, 4000 / group);
                for (int round = 0; round < 2; round++) {
                    long cpu = os.getProcessCpuTime();
                    long own = threads.getCurrentThreadCpuTime();
                    long began = System.nanoTime();
                    for (int c = 0; c < commits; c++) {
                        archive.write(messages.next(group));
                    }
                    long wall = System.nanoTime() - began;
                    cpu = os.getProcessCpuTime() - cpu;
                    own = threads.getCurrentThreadCpuTime() - own;
                    if (round == 1) {
                        System.out.printf("| %d | %d | %.0f | %.0f | %.1f | %.0f |%n", group, commits,
                                cpu / 1e3 / commits, own / 1e3 / commits, cpu / 1e3 / commits / group,
                                wall / 1e3 / commits);
                    }
                }
            }
        } finally {
            if (dataDir != null) {
                TemporaryFiles.delete(dataDir);
            }
        }
    }

    /** Messages numbered per room, the rooms taken in turn. */
    private static final class Messages {
        private final long[] seqs = new long[ROOMS];
        private final UserName ada = new UserName("ada");
        private long n;

        List<ArchivedMessage> next(int count) {
            List<ArchivedMessage> group = new ArrayList<>(count);
            for (int i = 0; i < count; i++, n++) {
                int room = (int) (n % ROOMS);
                group.add(new ArchivedMessage(new ChatMessage(new RoomId("room-" + room), ++seqs[room], "c" + n, ada,
                        "message " + n + " of the commit benchmark", Instant.now()), "commits"));
            }
            return group;
        }
    }
}
