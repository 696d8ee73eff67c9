package dev.parley.application;

import dev.parley.protocol.ErrorCode;

/** A request the chat's rules refuse; the client gets it as an {@code error} frame. */
public class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;

    public ChatException(ErrorCode code, String message, String ref) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.code = code;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    public String ref() {
        return ref;
    }
}
