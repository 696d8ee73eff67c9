package dev.parley.application;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrame.PresenceEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A room: its members, its seq counter and its history. Every change happens under the room's monitor, and so does
 * offering the resulting frames to the members' peers: the order in which seqs are assigned is the order in which
 * every member's queue receives them. Nothing here does I/O.
 */
final class Room {

    /** Messages a plain join gets in {@code joined.history}. */
    static final int JOIN_HISTORY = 50;

    private final RoomId id;
    private final FrameEncoder encoder;
    private final RoomHistory history;
    /** This room instance: seqs start over when a room is made again (a freed room, a restarted server). */
    private final String epoch;
    private final Map<Connection, UserName> connections = new LinkedHashMap<>();
    /** Connections per name: a name is present while it has at least one. */
    private final TreeMap<UserName, Integer> names = new TreeMap<>();
    private long seq;
    /** nanoTime of the last join, leave or message: an empty room is freed some time after it. */
    private long lastActivity;
    private boolean freed;

    Room(RoomId id, String epoch, FrameEncoder encoder, int historySize, long now) {
        this.id = id;
        this.epoch = epoch;
        this.encoder = encoder;
        this.history = new RoomHistory(historySize);
        this.lastActivity = now;
    }

    /**
     * Marks the room freed if it has had no members and no message for {@code idleNanos}; a freed room takes no more
     * joins or messages, and whoever finds it so makes a new one.
     */
    synchronized boolean freeIfIdle(long now, long idleNanos) {
        if (!freed && connections.isEmpty() && now - lastActivity >= idleNanos) {
            freed = true;
        }
        return freed;
    }

    synchronized boolean isFreed() {
        return freed;
    }

    synchronized int memberCount() {
        return names.size();
    }

    /**
     * Adds the connection (again, if it is in already) and answers {@code joined}, with recovery when asked.
     *
     * @return false, doing nothing, when the room has been freed
     */
    synchronized boolean join(Connection connection, UserName name, Long since, String sinceEpoch, long now,
                              Fanout out) {
        if (freed) {
            return false;
        }
        lastActivity = now;
        boolean arrives = connections.put(connection, name) == null
                && names.merge(name, 1, Integer::sum) == 1;
        boolean sameInstance = sinceEpoch == null || sinceEpoch.equals(epoch);
        List<ChatMessage> missed = since == null || !sameInstance ? null : history.after(since, seq);
        List<ChatMessage> shown = missed != null ? missed : history.latest(JOIN_HISTORY);
        out.offer(connection, encoder.encode(new ServerFrame.Joined(
                id, name, List.copyOf(names.keySet()), seq, epoch, shown, missed != null)));
        if (arrives) {
            offerToOthers(connection, encoder.encode(
                    new ServerFrame.Presence(id, PresenceEvent.JOIN, name, names.size())), out);
        }
        return true;
    }

    /**
     * Removes the connection; {@code answer} says whether it gets a {@code left} frame (not when it is closing).
     * Announces the name's departure when this was its last connection here.
     */
    synchronized void leave(Connection connection, boolean answer, long now, Fanout out) {
        UserName name = connections.remove(connection);
        if (name == null) {
            return;
        }
        lastActivity = now;
        if (answer) {
            out.offer(connection, encoder.encode(new ServerFrame.Left(id)));
        }
        if (names.merge(name, -1, Integer::sum) == 0) {
            names.remove(name);
            String presence = encoder.encode(new ServerFrame.Presence(id, PresenceEvent.LEAVE, name, names.size()));
            connections.keySet().forEach(member -> out.offer(member, presence));
        }
    }

    /**
     * Numbers the message, records it, acks it to the sender and broadcasts it, encoded once, to every member.
     *
     * @param sender the connection to ack, or null when the message does not come from a connection
     * @return the message and its recipients, or null, doing nothing, when the room has been freed (never while the
     *         sender is a member)
     */
    synchronized Posted post(Connection sender, UserName user, String text, String clientId, Instant ts, long now,
                             Fanout out) {
        if (freed) {
            return null;
        }
        lastActivity = now;
        ChatMessage message = new ChatMessage(id, seq + 1, clientId, user, text, ts);
        history.add(message);
        seq = message.seq();
        if (sender != null) {
            out.offer(sender, encoder.encode(new ServerFrame.Ack(clientId, id, message.seq(), ts)));
        }
        String frame = encoder.encode(new ServerFrame.Message(message));
        connections.keySet().forEach(member -> out.offer(member, frame));
        return new Posted(message, connections.size());
    }

    /** A message as recorded, and how many member connections it was queued for. */
    record Posted(ChatMessage message, int recipients) {
    }

    /** The room's name, present names and latest seq, taken together. */
    synchronized RoomSummary summary() {
        return new RoomSummary(id, names.size(), seq);
    }

    /** Tells every member but the typer's own connections that the name is typing. */
    synchronized void typing(UserName name, Fanout out) {
        String frame = encoder.encode(new ServerFrame.Typing(id, name));
        connections.forEach((member, memberName) -> {
            if (!memberName.equals(name)) {
                out.offer(member, frame);
            }
        });
    }

    /** Up to {@code limit} messages before {@code before} (or the latest ones), oldest first. */
    synchronized List<ChatMessage> history(Long before, int limit) {
        return before == null ? history.latest(limit) : history.before(before, limit);
    }

    private void offerToOthers(Connection self, String frame, Fanout out) {
        for (Connection member : connections.keySet()) {
            if (member != self) {
                out.offer(member, frame);
            }
        }
    }
}
