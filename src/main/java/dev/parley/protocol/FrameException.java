package dev.parley.protocol;

/**
 * A client frame (or an HTTP body read by the same rules) that cannot be accepted: the client gets an {@code error}
 * frame and the connection stays open.
 */
public class FrameException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String text;
    private final String ref;

    /**
     * @param text    the frame's text, as received
     * @param message a sentence the client can show
     * @param ref     the client id or frame type the error refers to, or null
     */
    public FrameException(ErrorCode code, String text, String message, String ref) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.code = code;
        this.text = text;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    /** The text that was refused. */
    public String getText() {
        return text;
    }

    public String ref() {
        return ref;
    }
}
