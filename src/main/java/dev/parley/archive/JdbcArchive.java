package dev.parley.archive;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The archive over JDBC, on PostgreSQL or H2 ({@link Dialect}). Pages are keyset reads on the primary key
 * (room, seq), never OFFSET, so a page deep in a room costs what the first one does.
 */
public final class JdbcArchive implements Archive {

    private static final String COLUMNS = MessageRows.COLUMNS;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final MessageRows messageRows;
    private final MarkerRows markerRows;
    private final ChangeRows changeRows;
    private final String where;
    private final AutoCloseable pool;

    /**
     * @param pool closed with the archive (the pool Parley made), or null for a data source the server owns
     */
    JdbcArchive(DataSource dataSource, Dialect dialect, String where, AutoCloseable pool) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.messageRows = new MessageRows(dialect);
        this.markerRows = new MarkerRows(dialect);
        this.changeRows = new ChangeRows(dialect);
        this.where = where;
        this.pool = pool;
    }

    @Override
    public StoredRoom load(RoomId room, int latest, Instant idsSince, int maxIds) {
        return call("load room " + room, connection -> {
            String epoch = null;
            long lastSeq = 0;
            long lastRev = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT epoch, last_seq, last_rev FROM parley_room WHERE room = ?")) {
                select.setString(1, room.value());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return StoredRoom.NONE;
                    }
                    epoch = row.getString(1);
                    lastSeq = row.getLong(2);
                    lastRev = row.getLong(3);
                }
            }
            List<ChatMessage> messages = messageRows.below(connection, room, lastSeq + 1, latest);
            List<ChatMessage> withIds = maxIds == 0 ? new ArrayList<>() : messageRows.select(connection, room, "SELECT " + COLUMNS
                    + " FROM parley_message WHERE room = ? AND ts >= ? AND client_id IS NOT NULL "
                    + "ORDER BY seq DESC LIMIT ?", List.of(OffsetDateTime.ofInstant(idsSince, ZoneOffset.UTC)), maxIds);
            Collections.reverse(withIds);
            return new StoredRoom(epoch, lastSeq, messages, withIds, lastRev);
        });
    }

    @Override
    public void write(List<ArchivedMessage> batch) {
        if (dialect == Dialect.POSTGRESQL) {
            call("write " + batch.size() + " messages", connection -> {
                PostgresGroupWrite.write(connection, dialect, batch);
                return null;
            });
            return;
        }
        transaction("write " + batch.size() + " messages", connection -> {
            Map<RoomId, ArchivedMessage> lastOfRoom = new LinkedHashMap<>();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO parley_message (room, "
                    + MessageRows.WRITTEN + (dialect.keepsWords() ? ", words) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    : ") VALUES (?, ?, ?, ?, ?, ?, ?)"))) {
                for (ArchivedMessage archived : batch) {
                    ChatMessage message = archived.message();
                    insert.setString(1, message.room().value());
                    insert.setLong(2, message.seq());
                    insert.setString(3, message.clientId());
                    insert.setString(4, message.user().value());
                    insert.setString(5, dialect.encode(message.text()));
                    insert.setObject(6, OffsetDateTime.ofInstant(message.ts(), ZoneOffset.UTC));
                    insert.setString(7, message.subject());
                    if (dialect.keepsWords()) {
                        insert.setString(8, Words.column(message.text()));
                    }
                    insert.addBatch();
                    lastOfRoom.put(message.room(), archived);
                }
                insert.executeBatch();
            }
            try (PreparedStatement upsert = connection.prepareStatement(dialect.upsertRoom())) {
                for (ArchivedMessage last : lastOfRoom.values()) {
                    upsert.setString(1, last.message().room().value());
                    upsert.setString(2, last.epoch());
                    upsert.setLong(3, last.message().seq());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<ChatMessage> before(RoomId room, long seq, int limit) {
        return call("read room " + room, connection -> messageRows.below(connection, room, seq, limit));
    }

    @Override
    public List<ChatMessage> after(RoomId room, long seq, int limit) {
        return call("read room " + room, connection -> messageRows.select(connection, room, "SELECT " + COLUMNS
                + " FROM parley_message WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?", List.of(seq), limit));
    }

    @Override
    public List<ChatMessage> search(RoomId room, List<String> words, long before, int limit) {
        if (words.isEmpty()) {
            return List.of();
        }
        List<Object> arguments = new ArrayList<>();
        arguments.add(before);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM parley_message WHERE room = ? AND seq < ? AND NOT deleted");
        for (String argument : dialect.searchArguments(words)) {
            sql.append(" AND ").append(dialect.searchCondition());
            arguments.add(argument);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        return call("search room " + room, connection -> messageRows.select(connection, room, sql.toString(), arguments,
                limit));
    }

    @Override
    public ChatMessage message(RoomId room, long seq) {
        return call("read message " + seq + " of room " + room, connection -> {
            List<ChatMessage> one = messageRows.select(connection, room, "SELECT " + COLUMNS
                    + " FROM parley_message WHERE room = ? AND seq = ? LIMIT ?", List.of(seq), 1);
            return one.isEmpty() ? null : one.get(0);
        });
    }

    @Override
    public void writeChange(Changed changed, Instant at) {
        transaction("write a change of message " + changed.seq() + " of room " + changed.room(), connection -> {
            changeRows.write(connection, changed, at);
            return null;
        });
    }

    @Override
    public List<ChatMessage> changedAfter(RoomId room, long rev, long seq, int limit) {
        return call("read the changes of room " + room, connection -> messageRows.select(connection, room, "SELECT "
                + COLUMNS + " FROM parley_message WHERE room = ? AND rev > ? AND seq <= ? ORDER BY seq LIMIT ?",
                List.of(rev, seq), limit));
    }

    @Override
    public Map<RoomId, RoomRules> rules() {
        return call("load room rules", connection -> {
            Map<RoomId, RoomRules> rules = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT room, kind, subject, val FROM parley_room_rule");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    RoomId room = new RoomId(rows.getString(1));
                    RuleChange fact = new RuleChange(RuleChange.Kind.fromColumn(rows.getString(2)),
                            rows.getString(3), rows.getString(4));
                    rules.put(room, fact.applyTo(rules.getOrDefault(room, RoomRules.defaults(room))));
                }
            }
            return rules;
        });
    }

    @Override
    public RoomRules rules(RoomId room) {
        return call("load the rules of room " + room, connection -> {
            RoomRules rules = RoomRules.defaults(room);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT kind, subject, val FROM parley_room_rule WHERE room = ?")) {
                select.setString(1, room.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        rules = new RuleChange(RuleChange.Kind.fromColumn(rows.getString(1)), rows.getString(2),
                                rows.getString(3)).applyTo(rules);
                    }
                }
            }
            return rules;
        });
    }

    @Override
    public void writeRule(RoomId room, RuleChange change) {
        transaction("write a rule of room " + room, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM parley_room_rule WHERE room = ? AND kind = ? AND subject = ?")) {
                delete.setString(1, room.value());
                delete.setString(2, change.kind().column());
                delete.setString(3, change.subject());
                delete.executeUpdate();
            }
            if (change.value() != null) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO parley_room_rule (room, kind, subject, val) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, room.value());
                    insert.setString(2, change.kind().column());
                    insert.setString(3, change.subject());
                    insert.setString(4, change.value());
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Map<RoomId, Long> markers(String subject) {
        return call("read the read markers of a user", connection -> markerRows.of(connection, subject));
    }

    @Override
    public void writeMarkers(Map<MarkerKey, Long> markers) {
        transaction("write " + markers.size() + " read markers", connection -> {
            markerRows.write(connection, markers);
            return null;
        });
    }

    @Override
    public long countUnread(RoomId room, String subject, long afterSeq, long uptoSeq) {
        return call("count unread messages of room " + room,
                connection -> markerRows.countUnread(connection, room, subject, afterSeq, uptoSeq));
    }

    @Override
    public int removeOlderThan(Instant cutoff) {
        return transaction("remove old messages", connection -> {
            int removed;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_message WHERE ts < ?")) {
                delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                removed = delete.executeUpdate();
            }
            if (removed > 0) {
                changeRows.removeOrphanReactions(connection);
            }
            return removed;
        });
    }

    @Override
    public void check() {
        call("check", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1")) {
                select.executeQuery().close();
            }
            return null;
        });
    }

    @Override
    public String type() {
        return dialect.id();
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        if (pool != null) {
            try {
                pool.close();
            } catch (Exception e) {
                throw new ArchiveException("closing the archive's pool failed", e);
            }
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException again) {
            cause.addSuppressed(again);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T transaction(String what, Work<T> work) {
        return call(what, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        });
    }

    private <T> T call(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new ArchiveException("archive (" + dialect.id() + "): " + what + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
