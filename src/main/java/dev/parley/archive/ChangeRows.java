package dev.parley.archive;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Writes message changes: the message row, its reactions and the room's change counter, in the caller's transaction. */
final class ChangeRows {

    private final Dialect dialect;

    ChangeRows(Dialect dialect) {
        this.dialect = dialect;
    }

    void write(Connection connection, Changed changed, Instant at) throws SQLException {
        ChatMessage message = changed.message();
        if (changed.change() instanceof MessageChange.React react) {
            update(connection, changed, "UPDATE parley_message SET rev = ? WHERE room = ? AND seq = ?");
            // Deleted first either way: a change whose commit only seemed to fail, made again, writes the same rows.
            try (PreparedStatement off = connection.prepareStatement(
                    "DELETE FROM parley_reaction WHERE room = ? AND seq = ? AND emoji = ? AND subject = ?")) {
                reactionKey(off, message, react);
                off.executeUpdate();
            }
            if (changed.on()) {
                try (PreparedStatement on = connection.prepareStatement("INSERT INTO parley_reaction "
                        + "(room, seq, emoji, subject, at, rev) VALUES (?, ?, ?, ?, ?, ?)")) {
                    reactionKey(on, message, react);
                    on.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    on.setLong(6, changed.rev());
                    on.executeUpdate();
                }
            }
        } else if (message.deleted()) {
            // The text is erased at once, words too: a deleted message keeps only its seq, author and time.
            update(connection, changed, "UPDATE parley_message SET rev = ?, deleted = TRUE, edited_at = NULL, body = ''"
                    + (dialect.keepsWords() ? ", words = ''" : "") + " WHERE room = ? AND seq = ?");
            try (PreparedStatement reactions = connection.prepareStatement(
                    "DELETE FROM parley_reaction WHERE room = ? AND seq = ?")) {
                reactions.setString(1, message.room().value());
                reactions.setLong(2, message.seq());
                reactions.executeUpdate();
            }
        } else {
            try (PreparedStatement edit = connection.prepareStatement("UPDATE parley_message SET rev = ?, "
                    + "edited_at = ?, body = ?" + (dialect.keepsWords() ? ", words = ?" : "")
                    + " WHERE room = ? AND seq = ?")) {
                int i = 1;
                edit.setLong(i++, changed.rev());
                edit.setObject(i++, OffsetDateTime.ofInstant(message.editedAt(), ZoneOffset.UTC));
                edit.setString(i++, dialect.encode(message.text()));
                if (dialect.keepsWords()) {
                    edit.setString(i++, Words.column(message.text()));
                }
                edit.setString(i++, message.room().value());
                edit.setLong(i, message.seq());
                requireOne(edit.executeUpdate(), changed);
            }
        }
        try (PreparedStatement room = connection.prepareStatement(
                "UPDATE parley_room SET last_rev = GREATEST(last_rev, ?) WHERE room = ?")) {
            room.setLong(1, changed.rev());
            room.setString(2, message.room().value());
            room.executeUpdate();
        }
    }

    /** Takes away the reactions whose message retention removed. */
    void removeOrphanReactions(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_reaction r WHERE NOT EXISTS "
                + "(SELECT 1 FROM parley_message m WHERE m.room = r.room AND m.seq = r.seq)")) {
            delete.executeUpdate();
        }
    }

    private static void reactionKey(PreparedStatement statement, ChatMessage message, MessageChange.React react)
            throws SQLException {
        statement.setString(1, message.room().value());
        statement.setLong(2, message.seq());
        statement.setString(3, react.emoji());
        statement.setString(4, react.subject());
    }

    /** Runs an update whose parameters are the rev, the room and the seq. */
    private static void update(Connection connection, Changed changed, String sql) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, changed.rev());
            update.setString(2, changed.room().value());
            update.setLong(3, changed.seq());
            requireOne(update.executeUpdate(), changed);
        }
    }

    private static void requireOne(int rows, Changed changed) throws SQLException {
        if (rows != 1) {
            throw new SQLException("message " + changed.seq() + " of room " + changed.room() + " is not stored");
        }
    }
}
