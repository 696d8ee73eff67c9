package dev.parley.archive;

import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.Postgres;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The read markers' archive contract on a real PostgreSQL: a database of its own, dropped afterwards. */
class PostgresMarkerArchiveTest extends MarkerArchiveContract {

    private Postgres database;

    @Override
    ArchiveConfig freshArchive() throws Exception {
        database = Postgres.createDatabase();
        return sameArchive();
    }

    @Override
    ArchiveConfig sameArchive() {
        return ParleyConfig.load(Map.of("PARLEY_ARCHIVE_URL", database.url(), "PARLEY_ARCHIVE_USER", database.user()),
                Map.of()).archive();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        closeArchive();
        database.close();
    }
}
