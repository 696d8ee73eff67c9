package dev.parley.application;

import dev.parley.domain.Identity;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection as the chat sees it: its id, its peer, the name bound to it, the rooms it is in and what it
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
    private volatile UserName name;
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

    /** The bound name, or null before the first join. */
    public UserName name() {
        return name;
    }

    /** Who is behind the connection, or null before the first join binds a name (open mode). */
    public Identity identity() {
        return identity;
    }

    /** The connection for a log line: its id, name and rooms. Never its messages. */
    public synchronized String describe() {
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

    void bind(UserName name) {
        bind(Identity.named(name));
    }

    void bind(Identity identity) {
        this.name = identity.name();
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
