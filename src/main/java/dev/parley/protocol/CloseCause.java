package dev.parley.protocol;

/**
 * Why the server closes a connection, with the WebSocket close code and reason the client receives. A client
 * reconnects after any of them except {@link #FLOODING} and {@link #IDENTITY}, where reconnecting at once would only
 * be refused again; after {@link #UNAUTHORIZED}, {@link #AUTH_TIMEOUT} and {@link #TOKEN_EXPIRED} it gets a new token
 * first.
 */
public enum CloseCause {
    /** A binary message: the protocol is JSON text only. */
    BINARY(1003, "text frames only"),
    /** A message over {@code maxFrameBytes}. */
    TOO_BIG(1009, "message too big"),
    /** The connection's outbox overflowed: it reads slower than the room talks. */
    TOO_SLOW(1013, "too slow to keep up"),
    /** One send did not complete within {@code sendTimeoutMillis}. */
    SEND_TIMEOUT(1013, "send timed out"),
    /** More than {@code maxRateLimitErrors} rate_limited errors: a flood, not a burst. */
    FLOODING(1008, "too many frames over the rate limit"),
    /** Nothing heard, not even a pong, for {@code idleTimeoutMillis}: the peer is gone. */
    IDLE(1001, "no answer to pings"),
    /** The server is stopping or the application is being undeployed. */
    SHUTDOWN(1001, "server shutting down"),
    /** A send failed inside the server or on a broken connection: the connection cannot go on without gaps. */
    SEND_FAILED(1011, "send failed"),
    /**
     * A room the connection is in lost messages that cannot be read back (a cluster whose Redis lost data or trimmed
     * them before this node could repair a gap): the client reconnects and rejoins with {@code since} and {@code epoch},
     * and {@code recovered} tells it whether it missed anything.
     */
    ROOM_RESET(1012, "a room lost messages: rejoin with since and epoch"),
    /** The container's authenticated user name cannot be a chat name. */
    IDENTITY(1008, "the signed-in user name is not a valid chat name"),
    /** An {@code auth} frame whose token was refused, or whose token names another user than the connection's. */
    UNAUTHORIZED(1008, "unauthorized"),
    /** No valid {@code auth} within {@code authTimeoutMillis} of the connection's start. */
    AUTH_TIMEOUT(1008, "no valid auth in time"),
    /** The connection's token expired and no {@code auth} renewed it. */
    TOKEN_EXPIRED(1008, "token expired");

    private final int code;
    private final String reason;

    CloseCause(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The WebSocket close code. */
    public int code() {
        return code;
    }

    /** The close reason sent with the code (short: a close frame carries at most 123 bytes of it). */
    public String reason() {
        return reason;
    }

    /** A client that did not take what it was sent in time: counted as a slow consumer cut off. */
    public boolean isSlowConsumer() {
        return this == TOO_SLOW || this == SEND_TIMEOUT;
    }

    /** A close that is mostly a client gone on its own (a failed send): worth a log line, not a warning. */
    public boolean isClientGone() {
        return this == SEND_FAILED;
    }
}
