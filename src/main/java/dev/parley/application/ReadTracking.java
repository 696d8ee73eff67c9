package dev.parley.application;

import dev.parley.broker.Broker;
import dev.parley.broker.History;
import dev.parley.broker.ReadState;
import dev.parley.broker.RoomView;
import dev.parley.broker.Unread;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Identity;
import dev.parley.domain.RoomId;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.RoomEntry;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where users stopped reading: the {@code read} and {@code rooms} frames, the marker and unread count of a
 * {@code joined}, and a user's leaving a room for good. The markers are the broker's ({@link dev.parley.broker.ReadMarkers});
 * a user's room list is the rooms it has a marker in that it may still join. Called with the connection's monitor held.
 */
final class ReadTracking {

    private final Broker broker;
    private final LocalRooms local;
    private final FrameEncoder encoder;

    ReadTracking(Broker broker, LocalRooms local, FrameEncoder encoder) {
        this.broker = broker;
        this.local = local;
        this.encoder = encoder;
    }

    /** Moves the user's marker; its other connections are told through the broker, the reader is not answered. */
    void read(Connection connection, ClientFrame.Read read) {
        broker.markRead(read.room(), connection.identity().subject(), read.seq(), connection.id());
    }

    /**
     * Answers the user's room list and makes the connection watch those of the rooms it is not in. A room whose rules
     * no longer admit the user (a ban, a revoked membership or grant) leaves the list, and its marker is dropped.
     */
    void rooms(Connection connection, ClientFrame.Rooms frame, Fanout out) {
        Identity identity = connection.identity();
        if (identity == null) {
            throw new ChatException(ErrorCode.BAD_REQUEST,
                    "join a room first (or sign in): the room list is a user's, and the server does not know you yet",
                    frame.ref());
        }
        List<RoomEntry> entries = new ArrayList<>();
        Set<RoomId> watched = new HashSet<>();
        for (RoomView view : broker.roomsOf(identity.subject())) {
            if (!broker.rules(view.room()).admits(identity, view.room())) {
                broker.forget(view.room(), identity.subject());
                continue;
            }
            entries.add(new RoomEntry(view.room(), view.seq(), view.read(), view.unread(), view.last()));
            if (!connection.rooms().contains(view.room())) {
                watched.add(view.room());
            }
        }
        local.watch(connection, watched);
        out.offer(connection, encoder.encode(new ServerFrame.Rooms(entries)));
    }

    /** The user's marker on joining, made at the room's latest seq on its first join; read it before the snapshot. */
    ReadState joining(Connection connection, RoomId room) {
        return broker.readState(room, connection.identity().subject());
    }

    /**
     * The unread count at the snapshot's seq: the marker's state was read just before it, so the messages numbered in
     * between (the snapshot's newest) are added.
     */
    static long unreadAt(ReadState state, History snapshot, String subject) {
        long unread = state.unread();
        for (ChatMessage message : snapshot.messages()) {
            if (message.seq() > state.seq() && message.seq() > state.read() && Unread.counts(message, subject)) {
                unread++;
            }
        }
        return unread;
    }

    /** The user left the room for good (leave, kick, ban): the room leaves its list. */
    void forget(RoomId room, String subject) {
        broker.forget(room, subject);
    }
}
