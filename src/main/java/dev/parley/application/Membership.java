package dev.parley.application;

import dev.parley.broker.Broker;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Presence;
import dev.parley.broker.ReadState;
import dev.parley.broker.RoomLimitException;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.util.List;

/**
 * A connection's way into and out of rooms: {@code join} with its snapshot, {@code leave}, the departure from every
 * room when it closes, and the re-check of its rooms when a renewed token may no longer grant them. Called with the
 * connection's monitor held.
 */
final class Membership {

    /** Messages a plain join gets in {@code joined.history}. */
    static final int JOIN_HISTORY = 50;

    private final Broker broker;
    private final LocalRooms local;
    private final AccessService access;
    private final Authentication authentication;
    private final ReadTracking reads;
    private final int maxRoomsPerConnection;

    Membership(Broker broker, LocalRooms local, AccessService access, Authentication authentication,
               ReadTracking reads, int maxRoomsPerConnection) {
        this.broker = broker;
        this.reads = reads;
        this.local = local;
        this.access = access;
        this.authentication = authentication;
        this.maxRoomsPerConnection = maxRoomsPerConnection;
    }

    /**
     * The joiner waits in the room here while the broker adds it to the room's presence and reads the snapshot
     * (docs/architecture.md, "Promises"): its {@code joined} and the events after it fit together whatever arrives
     * meanwhile. The rules read on the way also take out the connections here they no longer admit, so that a removal
     * whose event this node missed still takes effect.
     */
    void join(Connection connection, ClientFrame.Join join, Fanout out) {
        authentication.name(connection, join);
        RoomId id = join.room();
        boolean isNew = !connection.rooms().contains(id);
        if (isNew && connection.rooms().size() >= maxRoomsPerConnection) {
            throw new ChatException(ErrorCode.BAD_REQUEST,
                    "a connection may be in at most " + maxRoomsPerConnection + " rooms", join.ref());
        }
        local.recheck(id, access.admit(connection.identity(), id, join.ref()), null, out);
        LocalRoom room = local.enter(id, connection);
        try {
            Presence presence = broker.join(id, connection.member());
            RoomRules rules = access.confirm(connection.identity(), id, join.ref());
            ReadState marker = reads.joining(connection, id);
            History recovered = join.since() == null ? null : broker.history(id,
                    new HistoryQuery.After(join.since(), join.epoch(), join.rev() == null ? -1 : join.rev()));
            boolean isRecovered = recovered != null && recovered.complete() && recovered.changesComplete();
            History shown = isRecovered ? recovered : broker.history(id, new HistoryQuery.Latest(JOIN_HISTORY));
            // In the room before its joined: a removal meanwhile takes it out again, and joined then offers nothing.
            connection.rooms().add(id);
            if (!room.joined(connection, new ServerFrame.Joined(id, connection.name(), presence.users(), shown.seq(),
                    shown.epoch(), shown.messages(), isRecovered, rules.roleOf(connection.identity(), id), shown.rev(),
                    isRecovered && join.rev() != null ? shown.changes() : null, Math.min(marker.read(), shown.seq()),
                    ReadTracking.unreadAt(marker, shown, connection.identity().subject())), presence.version(), out)) {
                connection.rooms().remove(id);
                broker.leave(id, connection.member()); // the removal may have come before the broker's join
            }
        } catch (RoomLimitException e) {
            local.leave(id, connection, Departure.JOIN_FAILED, out);
            throw new ChatException(ErrorCode.BAD_REQUEST, e.getMessage(), join.ref());
        } catch (RuntimeException e) {
            // A join that failed half-way leaves the connection out of the room, here and (as far as it can) in the
            // broker; the client is told, and may join again.
            connection.rooms().remove(id);
            local.leave(id, connection, Departure.JOIN_FAILED, out);
            try {
                broker.leave(id, connection.member());
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** The connection leaves one room: answered with {@code left} when it asked. */
    void leave(RoomId room, Connection connection, Departure departure, Fanout out) {
        local.leave(room, connection, departure, out);
        broker.leave(room, connection.member());
    }

    /** The connection leaves every room it is in (it closes). */
    void leaveAll(Connection connection, Fanout out) {
        for (RoomId room : connection.rooms()) {
            leave(room, connection, Departure.DISCONNECTED, out);
        }
        connection.rooms().clear();
    }

    /**
     * After a renewed token: each of the connection's rooms whose rules no longer admit it (the new token lacks the
     * grant of a private room) takes it out with {@code revoked}, as a change of the rules would.
     */
    void recheck(Connection connection, Fanout out) {
        String subject = connection.identity().subject();
        for (RoomId room : List.copyOf(connection.rooms())) {
            local.recheck(room, broker.rules(room), subject, out);
        }
    }
}
