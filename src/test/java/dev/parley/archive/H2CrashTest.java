package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.TemporaryFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What an embedded archive's commit promises after {@code kill -9}: a child JVM writes groups of messages and prints
 * each group's last seq once {@link Archive#write} returned; it is killed with SIGKILL mid-stream, and every printed
 * seq must be in the archive when it is opened again, with the numbering unbroken.
 */
class H2CrashTest {

    private static final RoomId ROOM = new RoomId("crash");

    @Test
    void everyCommitSurvivesAKillOfTheProcess() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-h2-crash");
        try {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dataDir.toString())
                    .redirectErrorStream(true).start();
            long lastCommitted = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("committed ")) {
                        lastCommitted = Long.parseLong(line.substring("committed ".length()));
                        if (lastCommitted >= 3000) {
                            writer.destroyForcibly();
                            break;
                        }
                    }
                }
            }
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, writer.exitValue(), "killed with SIGKILL");
            assertTrue(lastCommitted >= 3000, "the writer printed " + lastCommitted);

            try (Archive archive = ArchiveSource.open(config(dataDir))) {
                StoredRoom room = archive.load(ROOM, 0, Instant.EPOCH, 0);
                assertTrue(room.lastSeq() >= lastCommitted, room.lastSeq() + " < " + lastCommitted);
                List<Long> seqs = new ArrayList<>();
                long from = 0;
                List<ChatMessage> page;
                while (!(page = archive.after(ROOM, from, 1000)).isEmpty()) {
                    page.forEach(message -> seqs.add(message.seq()));
                    from = page.get(page.size() - 1).seq();
                }
                assertEquals(LongStream.rangeClosed(1, room.lastSeq()).boxed().toList(), seqs);
            }
        } finally {
            TemporaryFiles.delete(dataDir);
        }
    }

    static ArchiveConfig config(Path dataDir) {
        return ParleyConfig.defaults().archive().inDirectory(dataDir);
    }

    /** The child: writes groups of 10 messages as fast as it can, printing each group's last seq after its commit. */
    public static final class Writer {
        public static void main(String[] args) {
            Archive archive = ArchiveSource.open(config(Path.of(args[0])));
            UserName ada = new UserName("ada");
            for (long seq = 1; ; seq += 10) {
                List<ArchivedMessage> group = new ArrayList<>();
                for (long s = seq; s < seq + 10; s++) {
                    group.add(new ArchivedMessage(new ChatMessage(ROOM, s, "c" + s, ada, "message " + s,
                            Instant.now()), "epoch"));
                }
                archive.write(group);
                System.out.println("committed " + (seq + 9));
                System.out.flush();
            }
        }
    }
}
