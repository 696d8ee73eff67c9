package dev.parley.broker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.archive.GroupCommit;
import dev.parley.broker.Post;
import dev.parley.broker.ReadState;
import dev.parley.broker.RoomView;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Read markers outlive the memory broker through the archive: written behind, read back on first use. */
class ArchivedReadMarkersTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final RoomId DEV = new RoomId("dev");
    private static final UserName BOB = new UserName("bob");

    private final Path dataDir;
    private final ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_HISTORY_SIZE", "2"), Map.of());

    ArchivedReadMarkersTest() throws Exception {
        dataDir = Files.createTempDirectory("parley-markers");
    }

    @AfterEach
    void removeFiles() {
        TemporaryFiles.delete(dataDir);
    }

    private GroupCommit archive() {
        return new GroupCommit(ArchiveSource.open(config.archive().inDirectory(dataDir)), ArchiveMetrics.NONE);
    }

    private MemoryBroker broker(GroupCommit commits) {
        return new MemoryBroker(config, Clock.systemUTC(), System::nanoTime, RandomId::next, commits);
    }

    @Test
    void markersAndUnreadSurviveARestart() {
        try (GroupCommit commits = archive(); MemoryBroker broker = broker(commits)) {
            broker.readState(LOBBY, "ada");
            broker.readState(DEV, "ada");
            broker.readState(DEV, "gone");
            for (int i = 1; i <= 5; i++) {
                broker.publish(new Post(LOBBY, BOB, "m" + i, null, null));
            }
            broker.markRead(LOBBY, "ada", 2, null);
            broker.forget(DEV, "gone");
        } // closing writes the markers of the last second

        try (GroupCommit commits = archive(); MemoryBroker broker = broker(commits)) {
            List<RoomView> rooms = broker.roomsOf("ada");
            assertEquals(List.of(LOBBY, DEV), rooms.stream().map(RoomView::room).toList());
            assertEquals(2, rooms.get(0).read());
            assertEquals(3, rooms.get(0).unread(), "3 and 4 from the archive, 5 from the ring");
            assertEquals(new ReadState(2, 3, 5, false), broker.readState(LOBBY, "ada"));
            assertEquals(List.of(), broker.roomsOf("gone"));
        }
    }

    @Test
    void closingTheBrokerWritesWhatIsLeft() {
        try (GroupCommit commits = archive(); MemoryBroker broker = broker(commits)) {
            broker.publish(new Post(LOBBY, BOB, "m1", null, null));
            broker.markRead(LOBBY, "ada", 1, null);
        }

        try (GroupCommit commits = archive()) {
            assertEquals(Map.of(LOBBY, 1L), commits.archive().markers("ada"));
        }
    }
}
