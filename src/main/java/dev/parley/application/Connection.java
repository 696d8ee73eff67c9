package dev.parley.application;

import dev.parley.broker.Member;
import dev.parley.domain.Identity;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection as the chat sees it: its id, its peer, who is behind it, the rooms it is in and what it
 * may still send. {@link ChatService} changes it only while holding its monitor, so a connection's frames and its
 * close are applied one at a time.
 */
public final class Connection {

    private final String id;
    private final Peer peer;
    private final Transport transport;
    private final FloodPolicy.Allowance allowance;
    /** Concurrent: a moderator's removal takes a room out from another thread, without this connection's monitor. */
    private final Set<RoomId> rooms = ConcurrentHashMap.newKeySet();
    /** The rooms it watches from outside (its {@code rooms} frame); changed under its monitor. */
    private final Set<RoomId> watching = new java.util.HashSet<>();
    private volatile Identity identity;
    private boolean closed;

    Connection(String id, Peer peer, Transport transport, FloodPolicy.Allowance allowance) {
        this.id = id;
        this.peer = peer;
        this.transport = transport;
        this.allowance = allowance;
    }

    /** The opaque id the client is told in {@code welcome}, and logs name. */
    public String id() {
        return id;
    }

    public Transport transport() {
        return transport;
    }

    /** The bound name, or null before the first join (open mode) or before a valid {@code auth} (jwt mode). */
    public UserName name() {
        Identity known = identity;
        return known == null ? null : known.name();
    }

    /**
     * Who is behind the connection, or null while nobody is: in open mode {@link Identity#named} the name of the first
     * join, for the container's login its principal from the start, in jwt mode the last valid token's user, grants and
     * expiry.
     */
    public Identity identity() {
        return identity;
    }

    /** The connection as a member of a room's presence; call once it is bound to a user. */
    Member member() {
        Identity known = identity;
        return new Member(id, known.name(), known.subject());
    }

    /** The connection for a log line: its id, name and rooms. Never its messages. */
    public synchronized String describe() {
        UserName name = name();
        return this + (name == null ? "" : " (" + LogText.quote(name.value()) + " in " + rooms + ")");
    }

    Peer peer() {
        return peer;
    }

    FloodPolicy.Allowance allowance() {
        return allowance;
    }

    Set<RoomId> rooms() {
        return rooms;
    }

    Set<RoomId> watching() {
        return watching;
    }

    void bind(Identity identity) {
        this.identity = identity;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return "connection " + id;
    }
}
