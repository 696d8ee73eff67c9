package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The archive contract on a real PostgreSQL: a database of its own on the machine's server, dropped afterwards. */
class PostgresArchiveTest extends ArchiveContract {

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
        archive.close();
        database.close();
    }

    @Test
    void nodesStartingTogetherMigrateOnce() throws Exception {
        try (Postgres empty = Postgres.createDatabase()) {
            ArchiveConfig config = ParleyConfig.load(Map.of("PARLEY_ARCHIVE_URL", empty.url(),
                    "PARLEY_ARCHIVE_USER", empty.user()), Map.of()).archive();
            ExecutorService nodes = Executors.newFixedThreadPool(4);
            try {
                List<Future<Archive>> opened = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    opened.add(nodes.submit((Callable<Archive>) () -> ArchiveSource.open(config)));
                }
                for (Future<Archive> node : opened) {
                    node.get(60, TimeUnit.SECONDS).close();
                }
            } finally {
                nodes.shutdownNow();
            }
            try (Connection connection = empty.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM parley_schema")) {
                rows.next();
                assertEquals(Dialect.POSTGRESQL.migrations().size(), rows.getInt(1), "one row a migration");
            }
        }
    }

    @Test
    void theTypeIsPostgresql() {
        assertEquals("postgresql", archive.type());
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
            return PostgresArchiveTest.this.sameArchive();
        }
    }
}
