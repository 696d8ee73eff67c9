package dev.parley.archive;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of messages and their rooms' latest seqs written to PostgreSQL as one statement over arrays, committed on
 * its own (auto-commit): one round trip per group, where a transaction of two batches and a commit takes three. A
 * single statement is atomic, so the group is still written whole or not at all.
 */
final class PostgresGroupWrite {

    private static final String SQL = "WITH messages AS (INSERT INTO parley_message "
            + "(room, seq, client_id, user_name, body, ts, subject) "
            + "SELECT r, s, c, u, b, TIMESTAMPTZ 'epoch' + t * INTERVAL '1 millisecond', j "
            + "FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::text[], ?::bigint[], "
            + "?::varchar[]) AS m (r, s, c, u, b, t, j)) "
            + "INSERT INTO parley_room (room, epoch, last_seq) "
            + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[]) "
            + "ON CONFLICT (room) DO UPDATE SET last_seq = GREATEST(parley_room.last_seq, EXCLUDED.last_seq)";

    private PostgresGroupWrite() {
    }

    static void write(Connection connection, Dialect dialect, List<ArchivedMessage> batch) throws SQLException {
        int n = batch.size();
        String[] rooms = new String[n];
        Long[] seqs = new Long[n];
        String[] clientIds = new String[n];
        String[] users = new String[n];
        String[] bodies = new String[n];
        Long[] millis = new Long[n];
        String[] subjects = new String[n];
        // One row per room (ON CONFLICT may touch a row once per statement): the group's last message of each room.
        Map<RoomId, ArchivedMessage> lastOfRoom = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ChatMessage message = batch.get(i).message();
            rooms[i] = message.room().value();
            seqs[i] = message.seq();
            clientIds[i] = message.clientId();
            users[i] = message.user().value();
            bodies[i] = dialect.encode(message.text());
            millis[i] = message.ts().toEpochMilli();
            subjects[i] = message.subject();
            lastOfRoom.put(message.room(), batch.get(i));
        }
        int r = lastOfRoom.size();
        String[] roomKeys = new String[r];
        String[] epochs = new String[r];
        Long[] lastSeqs = new Long[r];
        int i = 0;
        for (ArchivedMessage last : lastOfRoom.values()) {
            roomKeys[i] = last.message().room().value();
            epochs[i] = last.epoch();
            lastSeqs[i] = last.message().seq();
            i++;
        }
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
        try (PreparedStatement write = connection.prepareStatement(SQL)) {
            Object[][] columns = {rooms, seqs, clientIds, users, bodies, millis, subjects, roomKeys, epochs, lastSeqs};
            String[] types = {"varchar", "bigint", "varchar", "varchar", "text", "bigint", "varchar", "varchar",
                "varchar", "bigint"};
            for (int column = 0; column < columns.length; column++) {
                Array array = connection.createArrayOf(types[column], columns[column]);
                write.setArray(column + 1, array);
            }
            write.executeUpdate();
        }
    }
}
