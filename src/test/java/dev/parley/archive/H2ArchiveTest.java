package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The archive contract on the embedded H2 in a file. */
class H2ArchiveTest extends ArchiveContract {

    private Path dataDir;

    @Override
    ArchiveConfig freshArchive() throws Exception {
        dataDir = Files.createTempDirectory("parley-h2");
        return sameArchive();
    }

    @Override
    ArchiveConfig sameArchive() {
        return ParleyConfig.defaults().archive().inDirectory(dataDir);
    }

    @AfterEach
    void removeFiles() {
        archive.close();
        TemporaryFiles.delete(dataDir);
    }

    @Test
    void theDatabaseIsAFileInTheDataDirectory() {
        archive.write(messages(LOBBY, 1, 1));

        assertEquals("h2", archive.type());
        assertEquals(true, Files.exists(dataDir.resolve("parley.mv.db")));
    }

    /** Message changes and subjects on this database. */
    @Nested
    class Changes extends ArchiveChangesContract {
        @Override
        Archive archive() {
            return archive;
        }
    }

    /** Read markers and unread counts on this database. */
    @Nested
    class Markers extends MarkerArchiveContract {
        @Override
        Archive archive() {
            return archive;
        }

        @Override
        ArchiveConfig sameArchive() {
            return H2ArchiveTest.this.sameArchive();
        }
    }
}
