package dev.parley.archive;

import java.util.List;

/** What differs between the databases the archive runs on: the migrations, the upserts, search, and text encoding. */
enum Dialect {

    /**
     * PostgreSQL: full-text search on {@code to_tsvector('simple', body)} with a GIN index (no stemming, no stop words:
     * chat is in every language). A text column cannot hold U+0000, which a chat message may contain, so the body is
     * stored with a reversible escape ({@code \} becomes {@code \\}, U+0000 becomes {@code \0}).
     */
    POSTGRESQL("postgresql",
            "INSERT INTO parley_room (room, epoch, last_seq) VALUES (?, ?, ?) "
                    + "ON CONFLICT (room) DO UPDATE SET last_seq = GREATEST(parley_room.last_seq, EXCLUDED.last_seq)",
            "SELECT pg_advisory_xact_lock(706172106579)") {
        @Override
        String encode(String text) {
            if (text.indexOf('\\') < 0 && text.indexOf('\0') < 0) {
                return text;
            }
            return text.replace("\\", "\\\\").replace("\0", "\\0");
        }

        @Override
        String decode(String stored) {
            if (stored.indexOf('\\') < 0) {
                return stored;
            }
            StringBuilder text = new StringBuilder(stored.length());
            for (int i = 0; i < stored.length(); i++) {
                char c = stored.charAt(i);
                if (c == '\\' && i + 1 < stored.length()) {
                    i++;
                    text.append(stored.charAt(i) == '0' ? '\0' : stored.charAt(i));
                } else {
                    text.append(c);
                }
            }
            return text.toString();
        }

        @Override
        String searchCondition() {
            return "to_tsvector('simple', body) @@ plainto_tsquery('simple', ?)";
        }

        @Override
        List<String> searchArguments(List<String> words) {
            return List.of(String.join(" ", words));
        }
    },

    /**
     * H2, embedded in a file: no full-text index that suits, so each message keeps its words ({@link Words}) in a
     * column, and search scans a room's messages newest first for rows that contain each word between spaces. It
     * stops at the asked number of matches; a search that matches little in a big room reads the whole room.
     */
    H2("h2",
            "MERGE INTO parley_room (room, epoch, last_seq) KEY (room) VALUES (?, ?, ?)",
            null) {
        @Override
        String searchCondition() {
            return "words LIKE ?";
        }

        @Override
        List<String> searchArguments(List<String> words) {
            return words.stream().map(word -> "% " + word + " %").toList();
        }
    };

    private final String name;
    private final String upsertRoom;
    private final String migrationLock;

    Dialect(String name, String upsertRoom, String migrationLock) {
        this.name = name;
        this.upsertRoom = upsertRoom;
        this.migrationLock = migrationLock;
    }

    static Dialect of(String databaseProductName) {
        if (databaseProductName.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return POSTGRESQL;
        }
        if (databaseProductName.equalsIgnoreCase("H2")) {
            return H2;
        }
        throw new ArchiveException("the archive runs on PostgreSQL or H2, not " + databaseProductName, null);
    }

    /** {@code postgresql} or {@code h2}: the folder of its migrations and its name in /health. */
    String id() {
        return name;
    }

    /** The migrations in order, as classpath resources (listed, not scanned: scanning differs by server). */
    List<String> migrations() {
        return List.of("db/" + name + "/V1__messages.sql",
                "db/" + name + "/V2__room_rules.sql",
                "db/" + name + "/V3__message_changes.sql",
                "db/" + name + "/V4__read_markers.sql");
    }

    /** Inserts a room (room, epoch, last seq) or raises its last seq. */
    String upsertRoom() {
        return upsertRoom;
    }

    /** Inserts or replaces a read marker (subject, room, seq). */
    String upsertMarker() {
        return this == POSTGRESQL
                ? "INSERT INTO parley_read_marker (subject, room, seq) VALUES (?, ?, ?) "
                        + "ON CONFLICT (subject, room) DO UPDATE SET seq = EXCLUDED.seq"
                : "MERGE INTO parley_read_marker (subject, room, seq) KEY (subject, room) VALUES (?, ?, ?)";
    }

    /** A statement that makes other nodes' migrations wait for this transaction, or null when one process owns the db. */
    String migrationLock() {
        return migrationLock;
    }

    /** Whether the message table has the {@code words} column of {@link Words}. */
    boolean keepsWords() {
        return this == H2;
    }

    String encode(String text) {
        return text;
    }

    String decode(String stored) {
        return stored;
    }

    /** A condition on a message row, repeated once per argument of {@link #searchArguments}. */
    abstract String searchCondition();

    abstract List<String> searchArguments(List<String> words);
}
