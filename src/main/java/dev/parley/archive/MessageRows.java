package dev.parley.archive;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.Reactions;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** Reads a room's messages: with a query of the caller's, or the page below a seq by key range. */
final class MessageRows {

    /** The columns a message is read from, in the order {@link #select} reads them. */
    static final String COLUMNS = "seq, client_id, user_name, body, ts, subject, edited_at, deleted, rev";
    /** The columns a new message is written to (the others keep their defaults). */
    static final String WRITTEN = "seq, client_id, user_name, body, ts, subject";

    private final Dialect dialect;

    MessageRows(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The last at most {@code limit} messages of the room below {@code seq}, oldest first. A room's seqs in the archive
     * have no holes (groups are written whole, in seq order), so the page is read first as the key range
     * [{@code seq - limit}, {@code seq}) in ascending order, which costs the same at any depth on both databases (H2
     * walks no index backwards: {@code ORDER BY seq DESC LIMIT} reads every row below {@code seq}). Only when that
     * range is not full (the room's first messages, removed ones, or a hole) is the page read the general way.
     */
    List<ChatMessage> below(Connection connection, RoomId room, long seq, int limit) throws SQLException {
        long from = Math.max(1, seq - limit);
        if (seq <= from) {
            return List.of();
        }
        List<ChatMessage> range = select(connection, room, "SELECT " + COLUMNS
                + " FROM parley_message WHERE room = ? AND seq >= ? AND seq < ? ORDER BY seq LIMIT ?",
                List.of(from, seq), limit);
        if (range.size() == seq - from) {
            return range;
        }
        List<ChatMessage> page = select(connection, room, "SELECT " + COLUMNS
                + " FROM parley_message WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?", List.of(seq), limit);
        Collections.reverse(page);
        return page;
    }

    /** Runs {@code sql} with its arguments, the room first and the limit last; rows in the order selected. */
    List<ChatMessage> select(Connection connection, RoomId room, String sql, List<?> arguments, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            select.setString(i++, room.value());
            for (Object argument : arguments) {
                select.setObject(i++, argument);
            }
            select.setInt(i, limit);
            List<ChatMessage> messages = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    OffsetDateTime editedAt = rows.getObject(7, OffsetDateTime.class);
                    messages.add(new ChatMessage(room, rows.getLong(1), rows.getString(2),
                            new UserName(rows.getString(3)), dialect.decode(rows.getString(4)),
                            rows.getObject(5, OffsetDateTime.class).toInstant(), rows.getString(6),
                            editedAt == null ? null : editedAt.toInstant(), rows.getBoolean(8), Reactions.NONE,
                            rows.getLong(9)));
                }
            }
            messages = withReactions(connection, room, messages);
            return messages;
        }
    }

    /** The messages with their reactions, read in one query over their seq range. */
    private static List<ChatMessage> withReactions(Connection connection, RoomId room, List<ChatMessage> messages)
            throws SQLException {
        if (messages.isEmpty()) {
            return messages;
        }
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (ChatMessage message : messages) {
            low = Math.min(low, message.seq());
            high = Math.max(high, message.seq());
        }
        Map<Long, Map<String, List<String>>> bySeq = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, emoji, subject FROM parley_reaction "
                + "WHERE room = ? AND seq >= ? AND seq <= ? ORDER BY rev")) {
            select.setString(1, room.value());
            select.setLong(2, low);
            select.setLong(3, high);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    bySeq.computeIfAbsent(rows.getLong(1), seq -> new LinkedHashMap<>())
                            .computeIfAbsent(rows.getString(2), emoji -> new ArrayList<>()).add(rows.getString(3));
                }
            }
        }
        if (bySeq.isEmpty()) {
            return messages;
        }
        List<ChatMessage> result = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, List<String>> reactions = bySeq.get(message.seq());
            result.add(reactions == null ? message : message.withReactions(Reactions.of(reactions), message.rev()));
        }
        return result;
    }
}
