package dev.parley.archive;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.config.ArchiveConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Opens the archive the configuration names, migrated to the current schema: a server-managed data source by its
 * JNDI name, or a pool of Parley's own (HikariCP, with the driver in the WAR, which works the same on every server)
 * on {@code archiveUrl}, or on the embedded H2 file in {@code dataDir}.
 */
public final class ArchiveSource {

    private ArchiveSource() {
    }

    /** @throws ArchiveException when the database cannot be reached or migrated: the deployment should not start */
    public static Archive open(ArchiveConfig config) {
        DataSource dataSource;
        HikariDataSource pool = null;
        if (config.dataSource() != null) {
            dataSource = lookup(config.dataSource());
        } else {
            pool = new HikariDataSource(poolConfig(config));
            dataSource = pool;
        }
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
            Migrations.apply(dataSource, dialect);
            return new JdbcArchive(dataSource, dialect, config.describe(), pool);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw new ArchiveException("cannot open the archive (" + config.describe() + "): " + e.getMessage(), e);
        }
    }

    /**
     * The embedded database: H2 in {@code dataDir/parley.mv.db}. {@code WRITE_DELAY=0} writes each commit to the file
     * before it returns, so a commit survives a crash of the process (kill -9); a power loss may lose the last ones,
     * as no commit waits for the disk (fsync). {@code ArchiveCrashTest} checks the first part. {@code
     * DB_CLOSE_ON_EXIT=FALSE}: the database closes with Parley's pool, not in H2's own shutdown hook, which a server's
     * stop may run first: what Parley writes as it stops (the read markers of the last second) still gets in.
     */
    static String embeddedUrl(ArchiveConfig config) {
        return "jdbc:h2:file:" + config.dataDir().resolve("parley") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static HikariConfig poolConfig(ArchiveConfig config) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("parley-archive");
        int timeout = config.timeoutMillis();
        pool.setConnectionTimeout(timeout);
        pool.setValidationTimeout(Math.max(250, timeout / 2));
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        if (config.url() == null) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new ArchiveException("cannot make the data directory " + config.dataDir(), e);
            }
            pool.setJdbcUrl(embeddedUrl(config));
            pool.setDriverClassName("org.h2.Driver");
            pool.setUsername("parley");
            pool.setPassword("");
            return pool;
        }
        pool.setJdbcUrl(config.url());
        if (config.url().startsWith("jdbc:postgresql:")) {
            pool.setDriverClassName("org.postgresql.Driver");
            // Strings: the driver reads its properties with Properties.getProperty, which ignores other values.
            String seconds = String.valueOf(Math.max(1, (timeout + 999) / 1000));
            pool.addDataSourceProperty("connectTimeout", seconds);
            pool.addDataSourceProperty("socketTimeout", seconds);
            pool.addDataSourceProperty("loginTimeout", seconds);
        } else if (config.url().startsWith("jdbc:h2:")) {
            pool.setDriverClassName("org.h2.Driver");
        }
        if (config.user() != null) {
            pool.setUsername(config.user());
        }
        if (config.password().isSet()) {
            pool.setPassword(config.password().reveal());
        }
        return pool;
    }

    private static DataSource lookup(String name) {
        try {
            return (DataSource) new InitialContext().lookup(name);
        } catch (NamingException | ClassCastException e) {
            throw new ArchiveException("no data source at " + name + ": " + e.getMessage(), e);
        }
    }
}
