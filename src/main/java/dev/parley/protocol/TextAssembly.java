package dev.parley.protocol;

/**
 * Puts one connection's text message together from the parts its container hands over, and refuses it as soon as it
 * passes the size limit, not when it ends: a message that never ends (continuation frames without end, a frame that
 * declares 2^62 bytes) must not be buffered without bound. An empty part counts as one byte, so that endless empty
 * continuation frames are refused too. Not thread-safe: a container delivers a session's parts one at a time.
 */
public final class TextAssembly {

    /** What a part did to the message. */
    public enum Step {
        /** More parts to come; nothing to do yet. */
        INCOMPLETE,
        /** The message is whole: {@link #message()} has it. */
        COMPLETE,
        /**
         * The message passed the limit: the connection must be closed with 1009. Its parts so far are dropped, and so
         * are the ones still to come (they answer {@link #INCOMPLETE}).
         */
        TOO_BIG
    }

    private final int maxBytes;
    private StringBuilder parts;
    private long bytes;
    private String message;
    /** The current message was refused: its remaining parts are dropped. */
    private boolean dropping;

    public TextAssembly(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes the next part of the current message; {@code last} ends it. */
    public Step add(String part, boolean last) {
        message = null;
        if (dropping) {
            dropping = !last;
            return Step.INCOMPLETE;
        }
        if (parts == null && last) { // the common case, a message in one part: no copy
            if (FrameSize.exceeds(part, maxBytes)) {
                return Step.TOO_BIG;
            }
            message = part;
            return Step.COMPLETE;
        }
        bytes += Math.max(1, FrameSize.utf8Length(part, maxBytes - bytes)); // so endless empty parts end too
        if (bytes > maxBytes) {
            reset();
            dropping = !last;
            return Step.TOO_BIG;
        }
        if (parts == null) {
            parts = new StringBuilder(part.length() * 2);
        }
        parts.append(part);
        if (!last) {
            return Step.INCOMPLETE;
        }
        message = parts.toString();
        reset();
        return Step.COMPLETE;
    }

    /** The message the last {@link Step#COMPLETE} finished. */
    public String message() {
        return message;
    }

    private void reset() {
        parts = null;
        bytes = 0;
    }
}
