package dev.parley.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveConfigTest {

    private static ArchiveConfig load(Map<String, String> environment, Map<String, String> properties) {
        return ParleyConfig.load(environment, properties).archive();
    }

    @Test
    void theDefaultIsTheEmbeddedArchiveUnderTheHomeDirectory() {
        ArchiveConfig archive = ParleyConfig.defaults().archive();

        assertTrue(archive.enabled());
        assertEquals(Path.of(System.getProperty("user.home"), ".parley"), archive.dataDir());
        assertNull(archive.url());
        assertNull(archive.dataSource());
        assertEquals(5000, archive.timeoutMillis());
        assertEquals(0, archive.retentionDays());
        assertEquals("embedded in " + archive.dataDir(), archive.describe());
    }

    @Test
    void eachSettingIsReadFromItsVariableAndItsProperty() {
        ArchiveConfig archive = load(Map.of("PARLEY_ARCHIVE_URL", "jdbc:postgresql://db/parley",
                "PARLEY_ARCHIVE_USER", "chat", "PARLEY_ARCHIVE_PASSWORD", "s3cret", "PARLEY_DATA_DIR", "/var/parley",
                "PARLEY_ARCHIVE_TIMEOUT_MILLIS", "1500", "PARLEY_RETENTION_DAYS", "30"), Map.of());

        assertEquals("jdbc:postgresql://db/parley", archive.url());
        assertEquals("chat", archive.user());
        assertTrue(archive.password().matches("s3cret"));
        assertEquals(Path.of("/var/parley"), archive.dataDir());
        assertEquals(1500, archive.timeoutMillis());
        assertEquals(30, archive.retentionDays());
        assertEquals("java:/jdbc/chat", load(Map.of(), Map.of("parley.archiveDataSource", "java:/jdbc/chat"))
                .dataSource());
    }

    @Test
    void thePropertyWinsOverTheVariable() {
        assertFalse(load(Map.of("PARLEY_ARCHIVE", "on"), Map.of("parley.archive", "off")).enabled());
        assertTrue(load(Map.of("PARLEY_ARCHIVE", "off"), Map.of("parley.archive", "ON")).enabled());
    }

    @Test
    void thePasswordIsNeverPrinted() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_ARCHIVE_URL",
                "jdbc:postgresql://db/parley?user=chat&password=hunter2", "PARLEY_ARCHIVE_PASSWORD", "s3cret"), Map.of());

        assertFalse(config.toString().contains("s3cret"), config.toString());
        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertFalse(config.archive().describe().contains("hunter2"));
    }

    @Test
    void badValuesNameTheSetting() {
        assertEquals("parley.archive (or PARLEY_ARCHIVE) must be on or off, not 'maybe'",
                assertThrows(IllegalArgumentException.class, () -> load(Map.of("PARLEY_ARCHIVE", "maybe"), Map.of()))
                        .getMessage());
        assertEquals("parley.archiveUrl must be a JDBC URL (jdbc:postgresql://...), not 'postgres://db'",
                assertThrows(IllegalArgumentException.class,
                        () -> load(Map.of("PARLEY_ARCHIVE_URL", "postgres://db"), Map.of())).getMessage());
        assertEquals("set parley.archiveUrl or parley.archiveDataSource, not both",
                assertThrows(IllegalArgumentException.class, () -> load(Map.of("PARLEY_ARCHIVE_URL", "jdbc:h2:mem:x",
                        "PARLEY_ARCHIVE_DATA_SOURCE", "java:/ds"), Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("PARLEY_ARCHIVE_TIMEOUT_MILLIS", "10"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("PARLEY_RETENTION_DAYS", "-1"), Map.of()));
    }
}
