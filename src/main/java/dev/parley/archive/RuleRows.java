package dev.parley.archive;

import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The rooms' rule rows (parley_room_rule): one row per fact ({@link RuleChange}), at most one per room, kind and
 * subject; a room's rules are its defaults with its facts applied.
 */
final class RuleRows {

    /** The rules of every room that has a fact; a room with none keeps its defaults and is not in the map. */
    Map<RoomId, RoomRules> all(Connection connection) throws SQLException {
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
    }

    /** The room's rules: its defaults when it has no fact. */
    RoomRules of(Connection connection, RoomId room) throws SQLException {
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
    }

    /**
     * Replaces the fact the change is about, or only removes it when the change has no value; in the caller's
     * transaction.
     */
    void write(Connection connection, RoomId room, RuleChange change) throws SQLException {
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
    }
}
