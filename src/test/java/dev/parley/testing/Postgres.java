package dev.parley.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on a PostgreSQL server (the machine's at 127.0.0.1:5432 unless {@code PARLEY_TEST_PG} names
 * another {@code host:port}), created for a test and dropped after it. The server is never stopped or reconfigured.
 */
public final class Postgres implements AutoCloseable {

    private final String hostPort;
    private final String database;

    private Postgres(String hostPort, String database) {
        this.hostPort = hostPort;
        this.database = database;
    }

    /** The machine's server. */
    public static Postgres createDatabase() throws SQLException {
        String server = System.getenv().getOrDefault("PARLEY_TEST_PG", "127.0.0.1:5432");
        return createDatabase(server);
    }

    public static Postgres createDatabase(String hostPort) throws SQLException {
        String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        admin(hostPort, "CREATE DATABASE " + name);
        return new Postgres(hostPort, name);
    }

    public String url() {
        return "jdbc:postgresql://" + hostPort + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), "");
    }

    @Override
    public void close() throws SQLException {
        admin(hostPort, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String hostPort, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres",
                "postgres", ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
