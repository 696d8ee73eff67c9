package dev.parley.archive;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of messages and their rooms' latest seqs written as two JDBC batches (the messages, then one upsert per
 * room), on a database with no statement over arrays (H2; PostgreSQL has {@link PostgresGroupWrite}). Runs in the
 * caller's transaction, which makes the group whole or nothing.
 */
final class BatchGroupWrite {

    private BatchGroupWrite() {
    }

    static void write(Connection connection, Dialect dialect, List<ArchivedMessage> batch) throws SQLException {
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
    }
}
