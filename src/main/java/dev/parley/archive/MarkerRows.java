package dev.parley.archive;

import dev.parley.domain.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The read markers' rows (parley_read_marker) and the unread count over the message rows. */
final class MarkerRows {

    private final Dialect dialect;

    MarkerRows(Dialect dialect) {
        this.dialect = dialect;
    }

    Map<RoomId, Long> of(Connection connection, String subject) throws SQLException {
        Map<RoomId, Long> markers = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT room, seq FROM parley_read_marker WHERE subject = ?")) {
            select.setString(1, subject);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    markers.put(new RoomId(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return markers;
    }

    /** Upserts each marker, deletes those with a negative seq; in the caller's transaction. */
    void write(Connection connection, Map<MarkerKey, Long> markers) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM parley_read_marker WHERE subject = ? AND room = ?");
             PreparedStatement upsert = connection.prepareStatement(dialect.upsertMarker())) {
            for (Map.Entry<MarkerKey, Long> marker : markers.entrySet()) {
                PreparedStatement statement = marker.getValue() < 0 ? delete : upsert;
                statement.setString(1, marker.getKey().subject());
                statement.setString(2, marker.getKey().room().value());
                if (marker.getValue() >= 0) {
                    statement.setLong(3, marker.getValue());
                }
                statement.addBatch();
            }
            delete.executeBatch();
            upsert.executeBatch();
        }
    }

    long countUnread(Connection connection, RoomId room, String subject, long afterSeq, long uptoSeq)
            throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM parley_message "
                + "WHERE room = ? AND seq > ? AND seq <= ? AND " + AUTHOR_IS_NOT)) {
            count.setString(1, room.value());
            count.setLong(2, afterSeq);
            count.setLong(3, uptoSeq);
            count.setString(4, subject);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** A message row not deleted whose author (its subject, else its name) is not the subject given. */
    private static final String AUTHOR_IS_NOT = "deleted = FALSE AND COALESCE(subject, user_name) <> ?";
}
