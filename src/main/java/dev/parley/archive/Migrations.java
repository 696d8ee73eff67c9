package dev.parley.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Brings the archive's schema to the current version at start: the dialect's numbered SQL files, in order, each
 * applied once and recorded in {@code parley_schema}, all in one transaction under a database lock, so that nodes
 * starting at once migrate once (the others wait, then find nothing to do).
 * <p>
 * Not Flyway: its classpath scanning fails on WildFly's VFS (flyway#3667) and resolves class loaders wrongly on Open
 * Liberty (flyway#3809), and the WAR must run unchanged on both. A list of files and a lock is all Parley needs.
 */
final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /** @return the versions applied now (empty when the schema was current) */
    static List<Integer> apply(DataSource dataSource, Dialect dialect) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                if (dialect.migrationLock() != null) {
                    statement.execute(dialect.migrationLock());
                }
                statement.execute("CREATE TABLE IF NOT EXISTS parley_schema (version INT PRIMARY KEY, "
                        + "applied TIMESTAMP WITH TIME ZONE NOT NULL)");
                Set<Integer> applied = new HashSet<>();
                try (ResultSet rows = statement.executeQuery("SELECT version FROM parley_schema")) {
                    while (rows.next()) {
                        applied.add(rows.getInt(1));
                    }
                }
                List<String> files = dialect.migrations();
                List<Integer> now = new java.util.ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    int version = i + 1;
                    if (applied.contains(version)) {
                        continue;
                    }
                    for (String sql : statements(read(files.get(i)))) {
                        statement.execute(sql);
                    }
                    try (PreparedStatement record = connection.prepareStatement(
                            "INSERT INTO parley_schema (version, applied) VALUES (?, ?)")) {
                        record.setInt(1, version);
                        record.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                        record.executeUpdate();
                    }
                    now.add(version);
                }
                connection.commit();
                if (!now.isEmpty()) {
                    LOG.info(() -> "archive schema migrated to version " + files.size() + " (applied " + now + ")");
                }
                return now;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The statements of a file: separated by a semicolon at the end of a line; comment lines dropped. */
    static List<String> statements(String file) {
        StringBuilder current = new StringBuilder();
        List<String> statements = new java.util.ArrayList<>();
        for (String line : file.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + resource, e);
        }
    }
}
