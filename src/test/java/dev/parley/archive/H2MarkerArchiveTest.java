package dev.parley.archive;

import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The read markers' archive contract on the embedded H2 in a file. */
class H2MarkerArchiveTest extends MarkerArchiveContract {

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
        closeArchive();
        TemporaryFiles.delete(dataDir);
    }
}
