package dev.parley.protocol;

import jakarta.websocket.DecodeException;

/**
 * A client frame that cannot be accepted: the client gets an {@code error} frame and the connection stays open.
 */
public class FrameException extends DecodeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;

    /**
     * @param data    the frame's text, as received
     * @param message a sentence the client can show
     * @param ref     the client id or frame type the error refers to, or null
     */
    public FrameException(ErrorCode code, String data, String message, String ref) {
        super(data, message);
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
