package dev.parley.application;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.RoomEvent;
import dev.parley.domain.Identity;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * This node's rooms with members or watchers here, and its connections: it receives the broker's events and hands
 * each to its room. A room is subscribed while it has members or watchers here, so the node gets only the traffic of
 * its own rooms and of the rooms its connections watch. Rooms
 * are made and retired inside the map's per-key update, so a retired room's unsubscribe always comes before its
 * successor's subscribe.
 */
final class LocalRooms implements BrokerHandler {

    private static final Logger LOG = Logger.getLogger(LocalRooms.class.getName());

    private final ConcurrentMap<RoomId, LocalRoom> rooms = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final Broker broker;
    private final FrameEncoder encoder;
    private final int maxKept;
    private final ChatMetrics metrics;
    private final LongSupplier nanoTime;
    private final Fanout.Scopes fanouts = new Fanout.Scopes();

    LocalRooms(Broker broker, FrameEncoder encoder, int maxKept, ChatMetrics metrics, LongSupplier nanoTime) {
        this.broker = broker;
        this.encoder = encoder;
        this.maxKept = maxKept;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /**
     * This thread's fanout for offers through these rooms: a call opens it around its broker calls, so that the events
     * a broker delivers inline join it and are drained when the call lets go of its locks.
     */
    Fanout fanout() {
        return fanouts.open();
    }

    void register(Connection connection) {
        connections.put(connection.id(), connection);
    }

    void unregister(Connection connection) {
        connections.remove(connection.id());
    }

    Map<Transport, Integer> connectionsByTransport() {
        Map<Transport, Integer> counts = new EnumMap<>(Transport.class);
        for (Transport transport : Transport.values()) {
            counts.put(transport, 0);
        }
        connections.values().forEach(connection -> counts.merge(connection.transport(), 1, Integer::sum));
        return counts;
    }

    /** Adds the connection to the room here as a joining member, making and subscribing the room if needed. */
    LocalRoom enter(RoomId id, Connection connection) {
        while (true) {
            LocalRoom room = rooms.computeIfAbsent(id, this::subscribed);
            if (room.enter(connection, connection.identity().subject())) {
                return room;
            }
            retire(id, room);
        }
    }

    /**
     * Makes the connection watch exactly {@code watched} from outside, subscribing the rooms it needs and letting go
     * of those nobody here uses any more; call with the connection's monitor held.
     */
    void watch(Connection connection, Set<RoomId> watched) {
        for (RoomId id : Set.copyOf(connection.watching())) {
            if (!watched.contains(id)) {
                unwatch(id, connection);
            }
        }
        for (RoomId id : watched) {
            if (connection.watching().add(id)) {
                while (true) {
                    LocalRoom room = rooms.computeIfAbsent(id, this::subscribed);
                    if (room.watch(connection, connection.identity().subject())) {
                        break;
                    }
                    retire(id, room);
                }
            }
        }
    }

    /** The connection stops watching every room (it closes). */
    void unwatchAll(Connection connection) {
        watch(connection, Set.of());
    }

    private void unwatch(RoomId id, Connection connection) {
        connection.watching().remove(id);
        LocalRoom room = rooms.get(id);
        if (room != null && room.unwatch(connection)) {
            retire(id, room);
        }
    }

    private LocalRoom subscribed(RoomId id) {
        broker.subscribe(id);
        return new LocalRoom(id, encoder, maxKept);
    }

    /** Takes the connection out of the room here; the last one out retires it. */
    void leave(RoomId id, Connection connection, Departure departure, Fanout out) {
        LocalRoom room = rooms.get(id);
        if (room != null && room.leave(connection, departure, out)) {
            retire(id, room);
        }
    }

    @Override
    public void handle(RoomEvent event) {
        try (Fanout out = fanouts.open()) {
            LocalRoom room = rooms.get(event.room());
            if (event instanceof RoomEvent.Published published) {
                deliver(room, published, out);
            } else if (room == null) {
                return;
            } else if (event instanceof RoomEvent.PresenceChanged change) {
                room.deliver(change, out);
            } else if (event instanceof RoomEvent.Typing typing) {
                room.deliver(typing, out);
            } else if (event instanceof RoomEvent.Read read) {
                room.deliver(read, out);
            } else if (event instanceof RoomEvent.Changed changed) {
                room.deliver(changed, out);
            } else if (event instanceof RoomEvent.Removed removed) {
                remove(room, removed, out);
            } else if (event instanceof RoomEvent.Reset reset) {
                LOG.warning(() -> reset.room() + ": " + reset.reason() + "; closing its members here that would miss "
                        + "messages with " + CloseCause.ROOM_RESET.code() + " so that they rejoin");
                room.reset(reset);
            }
        }
    }

    /** The sender here gets its ack even when it is no longer in the room: it asked for one. */
    private void deliver(LocalRoom room, RoomEvent.Published published, Fanout out) {
        Connection sender = published.origin() == null ? null : connections.get(published.origin());
        if (room == null) {
            if (sender != null) {
                out.offer(sender, encoder.encode(ServerFrame.Ack.of(published.message())));
            }
            return;
        }
        long start = nanoTime.getAsLong();
        int recipients = room.deliver(published, sender, out);
        metrics.fannedOut(recipients, nanoTime.getAsLong() - start);
    }

    /**
     * A moderator removed a user, or the room's rules changed: a kicked or banned user's connections leave, and on a
     * revocation those the room's rules, read now, no longer admit.
     */
    private void remove(LocalRoom room, RoomEvent.Removed removed, Fanout out) {
        if (removed.removal() != Removal.REVOKED) {
            remove(room, connection -> removed.subject().equals(connection.identity().subject())
                    ? removed.removal() : null, out);
            return;
        }
        RoomRules rules;
        try {
            rules = broker.rules(removed.room());
        } catch (BrokerUnavailableException e) {
            LOG.warning(() -> removed.room() + ": could not read its rules to take out the connections they no longer "
                    + "admit (" + e.getMessage() + "); the next join or resubscription checks again");
            return;
        }
        recheck(room, rules, removed.subject(), out);
    }

    /**
     * Takes out of the room here the connections its rules no longer admit (of {@code subject}, or any when it is
     * null): a banned user's with {@code banned}, any other's with {@code revoked}. A join runs it with the rules it
     * read, so that a removal whose event this node missed still takes effect.
     */
    void recheck(RoomId id, RoomRules rules, String subject, Fanout out) {
        LocalRoom room = rooms.get(id);
        if (room != null) {
            recheck(room, rules, subject, out);
        }
    }

    private void recheck(LocalRoom room, RoomRules rules, String subject, Fanout out) {
        RoomId id = room.id();
        remove(room, connection -> {
            Identity identity = connection.identity();
            if (subject != null && !subject.equals(identity.subject()) || rules.admits(identity, id)) {
                return null;
            }
            return rules.isBanned(identity.subject()) ? Removal.BANNED : Removal.REVOKED;
        }, out);
    }

    /**
     * The one removal path: the connections leave the room here at once, without their monitors (the event may come
     * under a broker lock, which ranks below them), and the others hear of it through the broker.
     */
    private void remove(LocalRoom room, Function<Connection, Removal> reasonFor, Fanout out) {
        RoomId id = room.id();
        for (Connection connection : room.remove(reasonFor, out)) {
            connection.rooms().remove(id);
            broker.leave(id, connection.member());
        }
        if (room.isRetired()) {
            retire(id, room);
        }
    }

    private void retire(RoomId id, LocalRoom room) {
        rooms.computeIfPresent(id, (key, current) -> {
            if (current != room) {
                return current;
            }
            broker.unsubscribe(key);
            return null;
        });
    }
}
