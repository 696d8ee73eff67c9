package dev.parley.protocol;

/** The codes an {@code error} frame carries. */
public enum ErrorCode {
    /** Invalid JSON, a wrong or missing field, an unknown type. */
    BAD_REQUEST("bad_request"),
    /** A frame for a room the connection has not joined. */
    NOT_JOINED("not_joined"),
    /** A private room without a role in it, a ban, a moderation frame without the role it needs. */
    FORBIDDEN("forbidden"),
    /** A text longer than the configured maximum. */
    TOO_LARGE("too_large"),
    /** More messages than the connection's rate limit allows. */
    RATE_LIMITED("rate_limited"),
    /** The store the cluster shares (Redis) did not answer: nothing was done; the same frame may be sent again later. */
    UNAVAILABLE("unavailable"),
    /** No valid {@code auth} yet (parley.auth=jwt), or a token refused: the reason is in the message. */
    UNAUTHORIZED("unauthorized"),
    /** A failure inside the server. */
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it is written in the frame. */
    public String wire() {
        return wire;
    }
}
