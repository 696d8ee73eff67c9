package dev.parley.application;

import dev.parley.protocol.CloseCause;
import dev.parley.protocol.ErrorCode;

/** A request the chat's rules refuse; the client gets it as an {@code error} frame, and some are closed after it. */
public class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;
    private final CloseCause closes;

    public ChatException(ErrorCode code, String message, String ref) {
        this(code, message, ref, null);
    }

    /** @param closes why the connection is closed after the error frame, or null when it stays open */
    public ChatException(ErrorCode code, String message, String ref, CloseCause closes) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.code = code;
        this.ref = ref;
        this.closes = closes;
    }

    public ErrorCode code() {
        return code;
    }

    public String ref() {
        return ref;
    }

    /** Why the connection is closed after the error frame, or null: it stays open. */
    public CloseCause closes() {
        return closes;
    }
}
