package dev.parley.bench;

import java.nio.charset.StandardCharsets;

/**
 * Pure byte-level helpers for what the server sends: the subprotocol its handshake response selected, the protocol
 * frames inside one WebSocket text message (several, separated by a single {@code \n}, once {@code parley.batch} is
 * selected), and the size of a JSON array of names. Kept apart from {@link IoLoop} so that they can be unit-tested.
 */
final class Frames {

    /** The subprotocol a batched client offers (docs/protocol.md, "Batching"). */
    static final String BATCH_PROTOCOL = "parley.batch";

    private static final byte[] PROTOCOL_HEADER = "sec-websocket-protocol:".getBytes(StandardCharsets.US_ASCII);

    private Frames() {
    }

    /** Receives one protocol frame: {@code buf[off, off + len)}. */
    interface Sink {
        void frame(byte[] buf, int off, int len);
    }

    /**
     * Hands each protocol frame of one text message to {@code sink}: the whole message when not batched, else each
     * {@code \n}-separated part (empty parts, which a server should never send, are skipped).
     *
     * @return the number of frames handed over
     */
    static int split(byte[] buf, int off, int len, boolean batched, Sink sink) {
        int end = off + len;
        if (!batched) {
            sink.frame(buf, off, len);
            return 1;
        }
        int frames = 0;
        int start = off;
        for (int i = off; i <= end; i++) {
            if (i == end || buf[i] == '\n') {
                if (i > start) {
                    sink.frame(buf, start, i - start);
                    frames++;
                }
                start = i + 1;
            }
        }
        return frames;
    }

    /**
     * The value of the {@code Sec-WebSocket-Protocol} header in an HTTP response head ({@code buf[0, headersEnd)}),
     * trimmed, or null when there is none. Header names are case-insensitive.
     */
    static String selectedProtocol(byte[] buf, int headersEnd) {
        int line = 0;
        while (line < headersEnd) {
            int eol = IoLoop.indexOf(buf, line, headersEnd, new byte[]{'\r', '\n'});
            if (eol < 0) {
                eol = headersEnd;
            }
            if (eol - line >= PROTOCOL_HEADER.length && startsWithIgnoreCase(buf, line, PROTOCOL_HEADER)) {
                return new String(buf, line + PROTOCOL_HEADER.length, eol - line - PROTOCOL_HEADER.length,
                        StandardCharsets.US_ASCII).trim();
            }
            line = eol + 2;
        }
        return null;
    }

    private static boolean startsWithIgnoreCase(byte[] buf, int off, byte[] lowerPrefix) {
        for (int i = 0; i < lowerPrefix.length; i++) {
            int c = buf[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of elements of the flat JSON array of strings that follows {@code marker} (such as
     * {@code "members":[}) in {@code buf[off, end)}, or -1 when the marker is missing. Commas and brackets inside the
     * strings are skipped (escapes honoured), so any name counts once.
     */
    static int arraySize(byte[] buf, int off, int end, byte[] marker) {
        int at = IoLoop.indexOf(buf, off, end, marker);
        if (at < 0) {
            return -1;
        }
        int count = 0;
        boolean inString = false;
        for (int i = at + marker.length; i < end; i++) {
            byte c = buf[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                count++;
            } else if (c == ']') {
                return count;
            }
        }
        return -1;
    }
}
