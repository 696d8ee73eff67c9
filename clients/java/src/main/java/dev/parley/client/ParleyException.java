package dev.parley.client;

/**
 * A refusal: an {@code error} frame of the server or an HTTP API error, or one on the client's side. {@link #code()}
 * is the protocol's code ({@code too_large}, {@code rate_limited}, {@code unauthorized}, ...), or the client's own:
 * {@code left} (the room was left before the answer), {@code closed} (the client was closed), {@code outbox_full}
 * (too many messages waiting for their acks).
 */
public final class ParleyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String ref;
    private final int status;

    public ParleyException(String code, String message, String ref) {
        this(code, message, ref, 0);
    }

    ParleyException(String code, String message, String ref, int status) {
        super(message);
        this.code = code;
        this.ref = ref;
        this.status = status;
    }

    /** The protocol's error code. */
    public String code() {
        return code;
    }

    /** What the error refers to: a message's client id or a frame type; null when the server named nothing. */
    public String ref() {
        return ref;
    }

    /** The HTTP status of an API refusal ({@link ParleyPublisher}); 0 for a WebSocket error. */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return "ParleyException[" + code + (ref == null ? "" : ", ref " + ref) + "]: " + getMessage();
    }
}
