package dev.parley.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the archive keeps every message (docs/operations.md, "The archive"). Read through {@link ParleyConfig.Source}.
 *
 * @param enabled       {@code parley.archive}: {@code on} (default) or {@code off} (rooms live in memory only)
 * @param dataDir       {@code parley.dataDir}: the directory of the embedded database, used when no URL or data
 *                      source is named; default {@code ~/.parley}
 * @param url           {@code parley.archiveUrl}: a JDBC URL ({@code jdbc:postgresql://host/db}), or null
 * @param user          {@code parley.archiveUser}, or null
 * @param password      {@code parley.archivePassword}; never printed
 * @param dataSource    {@code parley.archiveDataSource}: the JNDI name of a server-managed data source, or null
 * @param timeoutMillis {@code parley.archiveTimeoutMillis}: how long a connection, a statement or a commit may take
 *                      before it fails and the message's sender gets {@code error unavailable}
 * @param retentionDays {@code parley.retentionDays}: messages older than this are removed; 0 keeps everything
 */
public record ArchiveConfig(boolean enabled, Path dataDir, String url, String user, Secret password,
                            String dataSource, int timeoutMillis, int retentionDays) {

    /** Where the embedded database lives unless {@code parley.dataDir} says otherwise: kept across builds and runs. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".parley");
    }

    public ArchiveConfig {
        if (url != null && dataSource != null) {
            throw new IllegalArgumentException("set parley.archiveUrl or parley.archiveDataSource, not both");
        }
        if (url != null && !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("parley.archiveUrl must be a JDBC URL (jdbc:postgresql://...), not '"
                    + url + "'");
        }
    }

    /** The same settings with the embedded database in {@code directory}. */
    public ArchiveConfig inDirectory(Path directory) {
        return new ArchiveConfig(enabled, directory, url, user, password, dataSource, timeoutMillis, retentionDays);
    }

    /** Whether the archive is a database several nodes can share: a URL or a data source, not the embedded one. */
    public boolean shared() {
        return url != null || dataSource != null;
    }

    /** Where the messages go, for logs and {@code /health}: no password, no user. */
    public String describe() {
        if (!enabled) {
            return "off";
        }
        if (dataSource != null) {
            return "data source " + dataSource;
        }
        return url != null ? url.replaceAll("(?i)password=[^&;]*", "password=***") : "embedded in " + dataDir;
    }

    static ArchiveConfig load(ParleyConfig.Source source) {
        String dataDir = source.string("dataDir");
        return new ArchiveConfig(
                onOff(source),
                dataDir == null ? defaultDataDir() : Path.of(dataDir).toAbsolutePath(),
                source.string("archiveUrl"),
                source.string("archiveUser"),
                new Secret(source.string("archivePassword")),
                source.string("archiveDataSource"),
                source.integer("archiveTimeoutMillis", 5000, 250, 600_000),
                source.integer("retentionDays", 0, 0, 365_000));
    }

    private static boolean onOff(ParleyConfig.Source source) {
        String value = source.string("archive");
        if (value == null) {
            return true;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("parley.archive (or PARLEY_ARCHIVE) must be on or off, not '"
                    + value + "'");
        };
    }

    @Override
    public String toString() {
        return "ArchiveConfig[" + describe() + ", timeoutMillis=" + timeoutMillis + ", retentionDays=" + retentionDays
                + "]";
    }
}
