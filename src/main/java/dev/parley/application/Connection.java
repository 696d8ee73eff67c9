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
    private final TokenBucket frameRate;
    private final TokenBucket rateLimitErrors;
    private final Set<RoomId> rooms = new HashSet<>();
    private volatile UserName name;
    private boolean closed;
    private long rateLimitedUnlogged;
    private long rateLimitLoggedAt;

    /**
     * @param messageRate     allows {@code message} frames
     * @param frameRate       allows frames of any type
     * @param rateLimitErrors allows rate_limited errors; when it runs dry the connection is flooding
     */
    Connection(String id, Peer peer, TokenBucket messageRate, TokenBucket frameRate, TokenBucket rateLimitErrors) {
        this.id = id;
        this.peer = peer;
        this.messageRate = messageRate;
        this.frameRate = frameRate;
        this.rateLimitErrors = rateLimitErrors;
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

    TokenBucket frameRate() {
        return frameRate;
    }

    TokenBucket rateLimitErrors() {
        return rateLimitErrors;
    }

    /**
     * Counts one rate_limited error. So that a flood cannot flood the log too, answers how many to report only when
     * the last report is at least {@code quietNanos} old (or this is the first), else 0.
     */
    long countRateLimited(long now, long quietNanos) {
        rateLimitedUnlogged++;
        if (rateLimitLoggedAt != 0 && now - rateLimitLoggedAt < quietNanos) {
            return 0;
        }
        rateLimitLoggedAt = now == 0 ? 1 : now;
        long count = rateLimitedUnlogged;
        rateLimitedUnlogged = 0;
        return count;
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
