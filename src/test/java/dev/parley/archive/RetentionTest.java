package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final RoomId ROOM = new RoomId("kept");
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void messagesOlderThanTheRetentionAreRemovedAndTheRoomKeepsItsNumbering() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-retention");
        AtomicInteger removed = new AtomicInteger();
        try (Archive archive = ArchiveSource.open(ParleyConfig.defaults().archive().inDirectory(dataDir))) {
            archive.write(List.of(message(1, NOW.minus(Duration.ofDays(40))), message(2, NOW.minus(Duration.ofDays(31))),
                    message(3, NOW.minus(Duration.ofDays(29))), message(4, NOW.minusSeconds(5))));
            Retention retention = new Retention(archive, 30, Clock.fixed(NOW, ZoneOffset.UTC), new ArchiveMetrics() {
                @Override
                public void removed(int messages) {
                    removed.addAndGet(messages);
                }
            });

            assertEquals(2, retention.run());
            assertEquals(0, retention.run());

            StoredRoom room = archive.load(ROOM, 10, NOW, 0);
            assertEquals(4, room.lastSeq());
            assertEquals("e", room.epoch());
            assertEquals(List.of(3L, 4L), room.latest().stream().map(ChatMessage::seq).toList());
            assertEquals(2, removed.get());
        } finally {
            TemporaryFiles.delete(dataDir);
        }
    }

    private static ArchivedMessage message(long seq, Instant ts) {
        return new ArchivedMessage(new ChatMessage(ROOM, seq, null, new UserName("ada"), "m" + seq, ts), "e");
    }
}
