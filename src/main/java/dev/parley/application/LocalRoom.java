package dev.parley.application;

import dev.parley.broker.RoomEvent;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.PresenceEvent;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A room as this node sees it: its member connections here, and the delivery of the room's events to them, each
 * encoded once. Frames are offered under the room's monitor, so every member's queue receives the events in the order
 * the broker delivers them. Nothing here does I/O.
 * <p>
 * A joining member first gets nothing: the events that arrive while its snapshot is read from the broker are kept.
 * Its {@code joined} then names the snapshot's seq and presence version, and of the kept and later events it gets
 * exactly those after them: the first message after {@code joined} has seq {@code joined.seq + 1}, whatever the
 * broker delivered meanwhile.
 */
final class LocalRoom {

    private final RoomId id;
    private final FrameEncoder encoder;
    /** Events kept for one joining member at most; more means it cannot keep up, as with a full outbox. */
    private final int maxKept;
    /** Its member connections here, joining or live ({@link LocalMember}). */
    private final Map<Connection, LocalMember> members = new LinkedHashMap<>();
    private final RoomWatchers watchers = new RoomWatchers();
    private boolean retired;

    LocalRoom(RoomId id, FrameEncoder encoder, int maxKept) {
        this.id = id;
        this.encoder = encoder;
        this.maxKept = maxKept;
    }

    /**
     * Adds the connection as a joining member (again, if it is in already: a join answers {@code joined} anew).
     *
     * @return false, doing nothing, when the room was retired: ask for it again
     */
    synchronized boolean enter(Connection connection, String subject) {
        if (retired) {
            return false;
        }
        members.put(connection, new LocalMember(subject));
        return true;
    }

    /**
     * Answers {@code joined} and makes the member live: the kept events after the snapshot follow at once.
     *
     * @param presenceVersion the presence version the snapshot's members are at
     * @return false, offering nothing, when the connection is no longer a joining member (it left, was cut off or
     *         removed meanwhile)
     */
    synchronized boolean joined(Connection connection, ServerFrame.Joined joined, long presenceVersion, Fanout out) {
        LocalMember member = members.get(connection);
        if (member == null || member.isLive()) {
            return false;
        }
        if (member.resetWhileJoining != null && !member.resetWhileJoining.keeps(joined.epoch(), joined.seq())) {
            member.kept = null;
            close(connection, member);
            return true; // still a member: its close takes it out
        }
        out.offer(connection, encoder.encode(joined));
        for (EncodedEvent event : member.goLive(joined.epoch(), joined.seq(), presenceVersion, joined.rev())) {
            if (member.wants(event)) {
                member.reached(event);
                out.offer(connection, event.frame());
            }
        }
        return true;
    }

    /**
     * Removes the connection, answering it with {@code left} when it asked to leave.
     *
     * @return true when that left the room without members here: it is retired, and its owner lets go of it
     */
    synchronized boolean leave(Connection connection, Departure departure, Fanout out) {
        if (members.remove(connection) != null && departure.answered()) {
            out.offer(connection, encoder.encode(new ServerFrame.Left(id)));
        }
        return retireIfUnused();
    }

    /**
     * Takes out the connections, joining or live, that {@code reasonFor} gives a reason for, each told {@code left}
     * with it: the one way others remove a connection (kick, ban, revoked access).
     *
     * @param reasonFor why a connection must leave, or null to keep it
     * @return the connections taken out; the room is retired when that left it without members here
     */
    synchronized List<Connection> remove(Function<Connection, Removal> reasonFor, Fanout out) {
        List<Connection> removed = new ArrayList<>();
        Map<Removal, String> frames = new EnumMap<>(Removal.class);
        members.keySet().removeIf(connection -> {
            Removal reason = reasonFor.apply(connection);
            if (reason == null) {
                return false;
            }
            removed.add(connection);
            out.offer(connection, frames.computeIfAbsent(reason, r -> encoder.encode(new ServerFrame.Left(id, r))));
            return true;
        });
        retireIfUnused();
        return removed;
    }

    /** Adds a watcher from outside ({@link RoomWatchers}); false, doing nothing, when retired: ask again. */
    synchronized boolean watch(Connection connection, String subject) {
        if (retired) {
            return false;
        }
        watchers.add(connection, subject);
        return true;
    }

    /** @return true when that left the room without members or watchers here: it is retired */
    synchronized boolean unwatch(Connection connection) {
        watchers.remove(connection);
        return retireIfUnused();
    }

    /** Tells the user's other live connections here, in the room or watching it, that its marker moved. */
    synchronized void deliver(RoomEvent.Read read, Fanout out) {
        String[] frame = {null}; // encoded once, when someone gets it
        Supplier<String> encoded = () -> frame[0] != null ? frame[0]
                : (frame[0] = encoder.encode(new ServerFrame.Read(id, read.seq(), read.unread())));
        members.forEach((connection, member) -> {
            if (member.isLive() && member.subject.equals(read.subject()) && !connection.id().equals(read.origin())) {
                out.offer(connection, encoded.get());
            }
        });
        watchers.offerRead(read.subject(), read.origin(), encoded, members::containsKey, out);
    }

    RoomId id() {
        return id;
    }

    /** Whether the room was retired (its owner lets go of it). */
    synchronized boolean isRetired() {
        return retired;
    }

    /**
     * Offers a message to every member, acking it to its sender first.
     *
     * @param sender the connection here that posted it, or null
     * @return how many member connections it was offered or kept for
     */
    synchronized int deliver(RoomEvent.Published published, Connection sender, Fanout out) {
        if (sender != null) {
            out.offer(sender, encoder.encode(ServerFrame.Ack.of(published.message())));
        }
        int count = offer(new EncodedEvent(published.epoch(), published.message().seq(), 0, 0,
                encoder.encode(new ServerFrame.Message(published.message()))), null, out);
        watchers.offerActivity(published.message(), () -> encoder.encode(new ServerFrame.Activity(id,
                published.message().seq())), members::containsKey, out);
        return count;
    }

    /** Offers a user's arrival or departure to every member but the connection that caused it. */
    synchronized void deliver(RoomEvent.PresenceChanged change, Fanout out) {
        String frame = encoder.encode(new ServerFrame.Presence(id, change.arrived() ? PresenceEvent.JOIN
                : PresenceEvent.LEAVE, change.name(), change.subject(), change.members()));
        offer(new EncodedEvent(null, 0, change.version(), 0, frame), change.origin(), out);
    }

    /** Offers an edit, deletion or reaction to every member, the connection that made it included. */
    synchronized void deliver(RoomEvent.Changed change, Fanout out) {
        offer(new EncodedEvent(null, 0, 0, change.changed().rev(), encoder.encode(change.changed())), null, out);
    }

    /** Tells every live member but the typer's own connections that the user is typing. */
    synchronized void deliver(RoomEvent.Typing typing, Fanout out) {
        String frame = encoder.encode(new ServerFrame.Typing(id, typing.name(), typing.subject()));
        members.forEach((connection, member) -> {
            if (member.isLive() && !member.subject.equals(typing.subject())) {
                out.offer(connection, frame);
            }
        });
    }

    /**
     * The room's stream has a hole: every member here that would miss something is closed, and rejoins with since and
     * epoch; a member that joined where the stream goes on (in a new epoch, or past the hole) stays. A joining member's
     * snapshot is judged when it is ready.
     */
    synchronized void reset(RoomEvent.Reset reset) {
        members.forEach((connection, member) -> {
            if (!member.isLive()) {
                member.resetWhileJoining = reset;
            } else if (!reset.keeps(member.epoch, member.seq)) {
                close(connection, member);
            }
        });
    }

    private boolean retireIfUnused() {
        if (members.isEmpty() && watchers.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    private static void close(Connection connection, LocalMember member) {
        if (!member.closing) {
            member.closing = true;
            connection.peer().close(CloseCause.ROOM_RESET);
        }
    }

    private int offer(EncodedEvent event, String exceptConnection, Fanout out) {
        int count = 0;
        for (Map.Entry<Connection, LocalMember> entry : members.entrySet()) {
            Connection connection = entry.getKey();
            LocalMember member = entry.getValue();
            if (connection.id().equals(exceptConnection)) {
                continue;
            }
            count++;
            if (member.isLive()) {
                if (event.seq() > 0 && !event.epoch().equals(member.epoch)) {
                    // Its joined named another instance of the room (the store lost it meanwhile): it must rejoin.
                    close(connection, member);
                } else if (member.wants(event)) {
                    member.reached(event);
                    out.offer(connection, event.frame());
                }
            } else if (member.kept.size() < maxKept) {
                member.kept.add(event);
            } else {
                member.kept.clear();
                connection.peer().close(CloseCause.TOO_SLOW);
            }
        }
        return count;
    }
}
