package dev.parley.archive;

import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The paging benchmark of {@code bench/run archive-paging} (not a test: timings live in bench/run): fills one room
 * with N messages straight through {@link Archive#write} in groups of {@link GroupCommit#MAX_GROUP}, then reads pages
 * of 50 with {@link Archive#before} at several depths, and prints a Markdown table of the time per page.
 * <p>
 * Arguments: {@code h2} (a temporary directory, removed afterwards) or a PostgreSQL JDBC URL (user postgres), and N.
 */
public final class PagingBench {

    private static final RoomId ROOM = new RoomId("paging");
    private static final int PAGE = 50;
    private static final int PAGES_PER_DEPTH = 200;

    private PagingBench() {
    }

    public static void main(String[] args) throws Exception {
        String store = args[0];
        long total = Long.parseLong(args[1]);
        Path dataDir = store.equals("h2") ? Files.createTempDirectory("parley-paging") : null;
        ArchiveConfig config = dataDir != null ? ParleyConfig.defaults().archive().inDirectory(dataDir)
                : ParleyConfig.load(Map.of("PARLEY_ARCHIVE_URL", store, "PARLEY_ARCHIVE_USER", "postgres"), Map.of())
                .archive();
        try (Archive archive = ArchiveSource.open(config)) {
            long fill = fill(archive, total);
            System.out.printf("%n### paging back through a room of %,d messages: %s%n%n", total, archive.type());
            System.out.printf("Filled in %.1f s (%,.0f messages/s, groups of %d).%n%n", fill / 1e9,
                    total / (fill / 1e9), GroupCommit.MAX_GROUP);
            pages(archive, total + 1); // warms the JIT and the caches up; not counted
            System.out.println("| depth (messages above the page) | pages | median ms | p99 ms | max ms |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (double fraction : new double[] {0, 0.001, 0.01, 0.1, 0.5, 0.9, 1}) {
                long depth = Math.min(total - PAGE * PAGES_PER_DEPTH, (long) (fraction * total));
                depth = Math.max(0, depth);
                long[] nanos = pages(archive, total - depth + 1);
                Arrays.sort(nanos);
                System.out.printf("| %,d | %d | %.3f | %.3f | %.3f |%n", depth, nanos.length,
                        nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
                        nanos[nanos.length - 1] / 1e6);
            }
        } finally {
            if (dataDir != null) {
                TemporaryFiles.delete(dataDir);
            }
        }
    }

    /** Writes seq 1..total and answers the nanoseconds it took. */
    private static long fill(Archive archive, long total) {
        UserName ada = new UserName("ada");
        Instant start = Instant.now().minusSeconds(total / 1000 + 1);
        long began = System.nanoTime();
        for (long seq = 1; seq <= total; ) {
            List<ArchivedMessage> group = new ArrayList<>(GroupCommit.MAX_GROUP);
            for (int i = 0; i < GroupCommit.MAX_GROUP && seq <= total; i++, seq++) {
                group.add(new ArchivedMessage(new ChatMessage(ROOM, seq, "c" + seq, ada,
                        "message " + seq + " of the paging benchmark, a line of chat of ordinary length",
                        start.plusMillis(seq)), "paging"));
            }
            archive.write(group);
        }
        return System.nanoTime() - began;
    }

    /** Pages back from {@code below}, {@value #PAGES_PER_DEPTH} pages of {@value #PAGE}, each one timed. */
    private static long[] pages(Archive archive, long below) {
        long[] nanos = new long[PAGES_PER_DEPTH];
        long seq = below;
        for (int i = 0; i < nanos.length; i++) {
            long began = System.nanoTime();
            List<ChatMessage> page = archive.before(ROOM, seq, PAGE);
            nanos[i] = System.nanoTime() - began;
            if (page.size() != PAGE) {
                throw new IllegalStateException("a page below " + seq + " has " + page.size() + " messages");
            }
            seq = page.get(0).seq();
        }
        return nanos;
    }
}
