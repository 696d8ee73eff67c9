package dev.parley.broker.memory;

import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.archive.GroupCommit;
import dev.parley.broker.Broker;
import dev.parley.broker.BrokerContract;
import dev.parley.broker.ChangesContract;
import dev.parley.broker.ReadMarkersContract;
import dev.parley.broker.RoomRulesContract;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.testing.TemporaryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The broker contract on the memory broker with the embedded archive: keeping messages changes none of it. */
class ArchivedMemoryBrokerTest extends BrokerContract {

    private final List<GroupCommit> archives = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    @Override
    protected Broker newBroker(Map<String, String> environment) {
        try {
            Path dataDir = Files.createTempDirectory("parley-broker");
            directories.add(dataDir);
            ParleyConfig config = ParleyConfig.load(environment, Map.of());
            GroupCommit commits = new GroupCommit(ArchiveSource.open(config.archive().inDirectory(dataDir)),
                    ArchiveMetrics.NONE);
            archives.add(commits);
            return new MemoryBroker(config, Clock.systemUTC(), System::nanoTime, RandomId::next, commits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Edits, deletions and reactions with the archive: kept for good before they are delivered, also of messages older than the ring. */
    @Nested
    class Changes extends ChangesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return ArchivedMemoryBrokerTest.this.newBroker(environment);
        }

        @Override
        protected boolean keepsOlderMessages() {
            return true;
        }
    }

    /**
     * The room rules contract with the archive: a removal comes after the messages numbered before it, also while they
     * wait for their commit.
     */
    @Nested
    class Rules extends RoomRulesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return ArchivedMemoryBrokerTest.this.newBroker(environment);
        }
    }

    /** The read markers contract with the archive: messages older than the window are counted exactly. */
    @Nested
    class ReadMarkers extends ReadMarkersContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return ArchivedMemoryBrokerTest.this.newBroker(environment);
        }

        @Override
        protected boolean countsOlderExactly() {
            return true;
        }
    }

    @Override
    protected long oldestKept(long latest, int historySize) {
        return 1;
    }

    @AfterEach
    void closeArchives() {
        archives.forEach(GroupCommit::close);
        directories.forEach(TemporaryFiles::delete);
    }
}
