package dev.parley.application;

import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.util.HashSet;
import java.util.Set;

/**
 * One client connection as the chat sees it: its id, its peer, the name bound to it, the rooms it is in.
 * {@link ChatService} changes it only while holding its monitor, and takes room locks only inside that monitor, so
 * a connection's frames and its close are applied one at a time.
 */
public final class Connection {

    private final String id;
    private final Peer peer;
    private final TokenBucket messageRate;
    private final Set<RoomId> rooms = new HashSet<>();
    private volatile UserName name;
    private boolean closed;

    Connection(String id, Peer peer, TokenBucket messageRate) {
        this.id = id;
        this.peer = peer;
        this.messageRate = messageRate;
    }

    /** The opaque id the client is told in {@code welcome}, and logs name. */
    public String id() {
        return id;
    }

    /** The bound name, or null before the first join. */
    public UserName name() {
        return name;
    }

    Peer peer() {
        return peer;
    }

    TokenBucket messageRate() {
        return messageRate;
    }

    Set<RoomId> rooms() {
        return rooms;
    }

    void bind(UserName name) {
        this.name = name;
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
