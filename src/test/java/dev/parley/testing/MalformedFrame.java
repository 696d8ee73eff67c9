package dev.parley.testing;

import static dev.parley.testing.RawWebSocket.BINARY;
import static dev.parley.testing.RawWebSocket.CLOSE;
import static dev.parley.testing.RawWebSocket.CONTINUATION;
import static dev.parley.testing.RawWebSocket.PING;
import static dev.parley.testing.RawWebSocket.TEXT;
import static dev.parley.testing.RawWebSocket.frame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Wire-level abuse a WebSocket server must survive, each with the close code RFC 6455 asks for: the one list of cases
 * for the in-JVM and the black-box suites. Each case writes its bytes to a raw connection; the endless ones keep
 * writing on a thread of their own until the server closes (or {@link Flood#CAP} bytes, to bound a broken server).
 */
public enum MalformedFrame {

    /** RFC 6455 section 8.1: text must be UTF-8; the endpoint fails the connection with 1007. */
    INVALID_UTF8_TEXT(1007, max -> frame(true, TEXT, concat(ascii("{\"type\":\"ping\",\"x\":\""),
            new byte[] {(byte) 0xC3, 0x28, (byte) 0xF8, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, ascii("\"}")))),
    /** Parley has only a text handler; section 7.4.1: 1003 for a data type the endpoint cannot accept. */
    BINARY_FRAME(1003, max -> frame(true, BINARY, ping())),
    /** Three fragments, each under the limit, together over it. */
    FRAGMENTS_OVER_LIMIT(1009, max -> concat(
            frame(false, TEXT, concat(ascii("{\"type\":\"ping\",\"pad\":\""), ascii("x".repeat(max / 2 + 1)))),
            frame(false, CONTINUATION, ascii("x".repeat(max / 2 + 1))), frame(true, CONTINUATION, ascii("\"}")))),
    /** A text frame, then continuation frames that never end: must stop at the limit, not buffer without bound. */
    ENDLESS_CONTINUATION(1009, max -> frame(false, TEXT, ascii("{\"type\":\"ping\",\"pad\":\""))) {
        @Override
        public Flood provoke(RawWebSocket socket, int maxFrameBytes) throws IOException {
            super.provoke(socket, maxFrameBytes);
            return Flood.start(socket, frame(false, CONTINUATION, ascii("x".repeat(16 << 10))));
        }
    },
    /** A header declaring 2^62 payload bytes (with a zero mask), then payload ('x's, valid UTF-8) that keeps coming. */
    HUGE_DECLARED_LENGTH(1009, max -> frame(true, 0, TEXT, true, 1L << 62, new byte[0])) {
        @Override
        public Flood provoke(RawWebSocket socket, int maxFrameBytes) throws IOException {
            super.provoke(socket, maxFrameBytes);
            return Flood.start(socket, ascii("x".repeat(16 << 10)));
        }
    },
    /** 10,000 pings at once: the server answers each with a pong or closes with 1008; either way it stays up. */
    PING_FLOOD(1008, max -> concat(Collections.nCopies(MalformedFrame.PINGS, frame(true, PING, ascii("boo"))).toArray(byte[][]::new))) {
        @Override
        public boolean mayStayOpen() {
            return true;
        }
    },
    /** Section 5.1: a server closes the connection on an unmasked client frame (1002). */
    UNMASKED_FRAME(1002, max -> frame(true, 0, TEXT, false, ping().length, ping())),
    /** Section 5.5: control frames carry at most 125 bytes. */
    CONTROL_FRAME_OVER_125_BYTES(1002, max -> frame(true, PING, new byte[126])),
    /** Section 5.5: control frames must not be fragmented. */
    FRAGMENTED_CONTROL_FRAME(1002, max -> frame(false, PING, ascii("a"))),
    /** Section 5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved. */
    RESERVED_OPCODE(1002, max -> frame(true, 0x3, ping())),
    /** Section 5.2: RSV bits without a negotiated extension (none is: Parley offers no permessage-deflate). */
    RSV_BITS_SET(1002, max -> frame(true, 0b100, TEXT, true, ping().length, ping())),
    /** Section 5.4: a continuation frame with no message to continue. */
    CONTINUATION_WITHOUT_START(1002, max -> frame(true, CONTINUATION, ping())),
    /** Section 5.4: a new text message while a fragmented one is unfinished. */
    TEXT_INSIDE_FRAGMENTED_TEXT(1002, max -> concat(frame(false, TEXT, ascii("{\"type\":")), frame(true, TEXT, ping()))),
    /** Section 7.4: 999 is not a close code anyone may send. */
    CLOSE_WITH_INVALID_CODE(1002, max -> frame(true, CLOSE, new byte[] {0x03, (byte) 0xE7})),
    /** Section 5.5.1: a close payload, if any, starts with a two-byte code. */
    CLOSE_WITH_ONE_BYTE_PAYLOAD(1002, max -> frame(true, CLOSE, new byte[] {0x03}));

    public static final int PINGS = 10_000;
    /** What {@link Outcome#closeCode()} says when the server kept the connection open and answered. */
    public static final int STAYED_OPEN = 0;
    /** What {@link Outcome#closeCode()} says when the server was still taking an endless case's bytes. */
    public static final int STILL_READING = -2;
    /** How long a server may take to close after the abuse: far less than a test timeout. */
    public static final Duration PROMPTLY = Duration.ofSeconds(3);

    private final int closeCode;
    private final IntFunction<byte[]> bytes;

    /**
     * @param bytes what to write, given the server's maxFrameBytes
     */
    MalformedFrame(int closeCode, IntFunction<byte[]> bytes) {
        this.closeCode = closeCode;
        this.bytes = bytes;
    }

    /** The code RFC 6455 asks the server to close with. */
    public int closeCode() {
        return closeCode;
    }

    /** Whether a server may also keep the connection open (and answer) instead of closing it. */
    public boolean mayStayOpen() {
        return false;
    }

    /**
     * Writes the case to a connection that has done its handshake; the server's limit sizes the payload. An endless
     * case goes on writing until the server closes the connection or the test closes the socket.
     */
    public Flood provoke(RawWebSocket socket, int maxFrameBytes) throws IOException {
        return Flood.once(socket, bytes.apply(maxFrameBytes));
    }

    /** A protocol ping, the smallest frame Parley answers. */
    private static byte[] ping() {
        return ascii("{\"type\":\"ping\"}");
    }

    /**
     * Opens a connection to {@code chat}, reads the welcome for the server's limit, abuses the connection with this case
     * and reports how the server ended it; fails when it did not within {@link #PROMPTLY}.
     */
    public Outcome probe(URI chat) throws IOException {
        try (RawWebSocket socket = RawWebSocket.connect(chat)) {
            JsonObject welcome = Json.createReader(new StringReader(socket.readText())).readObject();
            int maxFrameBytes = welcome.getJsonObject("limits").getInt("maxFrameBytes");
            long start = System.nanoTime();
            Flood flood = provoke(socket, maxFrameBytes);
            int code = mayStayOpen() ? answeredOrClosed(socket)
                    : flood.endless() ? closedInTime(socket) : closedOrIgnored(socket);
            return new Outcome(this, code, Duration.ofNanos(System.nanoTime() - start), flood.written());
        }
    }

    /** The close code, or {@link #STILL_READING} when none came within {@link #PROMPTLY}. */
    private static int closedInTime(RawWebSocket socket) throws IOException {
        try {
            return socket.awaitClose(PROMPTLY);
        } catch (SocketTimeoutException e) {
            return STILL_READING;
        }
    }

    /** The close code; {@link #STAYED_OPEN} when no close came within {@link #PROMPTLY} and the server still answers. */
    private static int closedOrIgnored(RawWebSocket socket) throws IOException {
        try {
            return socket.awaitClose(PROMPTLY);
        } catch (SocketTimeoutException ignored) {
            socket.write(frame(true, TEXT, ping()));
            while (true) {
                RawWebSocket.Frame frame = socket.readFrame();
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
                if (frame.opcode() == TEXT && frame.text().equals("{\"type\":\"pong\"}")) {
                    return STAYED_OPEN;
                }
            }
        }
    }

    /** After a ping flood: every pong and then the pong to a protocol ping means it stayed open and usable. */
    private static int answeredOrClosed(RawWebSocket socket) throws IOException {
        int pongs = 0;
        while (pongs < PINGS) {
            RawWebSocket.Frame frame = socket.readFrame();
            if (frame.opcode() == CLOSE) {
                return frame.closeCode();
            }
            pongs += frame.opcode() == RawWebSocket.PONG ? 1 : 0;
        }
        socket.write(frame(true, TEXT, ping()));
        RawWebSocket.Frame answer = socket.readFrame();
        if (answer.opcode() == CLOSE) {
            return answer.closeCode();
        }
        if (!answer.text().equals("{\"type\":\"pong\"}")) {
            throw new IOException("expected a pong after the ping flood, got " + answer.text());
        }
        return STAYED_OPEN;
    }

    /**
     * How the server ended one abused connection.
     *
     * @param closeCode the close frame's code, {@link RawWebSocket#NO_CLOSE_FRAME} when it just dropped the connection,
     *                  {@link #STAYED_OPEN} or {@link #STILL_READING}
     * @param written   bytes the client got onto the wire before the connection ended
     */
    public record Outcome(MalformedFrame malformed, int closeCode, Duration elapsed, long written) {

        /** For a results table: the code or what happened instead. */
        public String describe() {
            String what = closeCode == STILL_READING ? "no close, still reading"
                    : closeCode == STAYED_OPEN ? "no close, still answers"
                    : closeCode == RawWebSocket.NO_CLOSE_FRAME ? "dropped without close frame" : "close " + closeCode;
            return malformed + ": " + what + " after " + elapsed.toMillis() + " ms, " + written + " bytes written";
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Bytes going out to the server: all at once, or the same chunk over and over until the server stops taking it. */
    public static final class Flood {

        /** An endless case stops here, far past any sane limit, so that a server that never closes fails the test. */
        public static final long CAP = 256L << 20;

        private final AtomicLong written = new AtomicLong();
        private final boolean endless;

        private Flood(boolean endless) {
            this.endless = endless;
        }

        static Flood once(RawWebSocket socket, byte[] bytes) throws IOException {
            Flood flood = new Flood(false);
            socket.write(bytes);
            flood.written.set(bytes.length);
            return flood;
        }

        static Flood start(RawWebSocket socket, byte[] chunk) {
            Flood flood = new Flood(true);
            Thread writer = new Thread(() -> {
                try {
                    while (flood.written.get() < CAP) {
                        socket.write(chunk);
                        flood.written.addAndGet(chunk.length);
                    }
                } catch (IOException closed) {
                    // the expected end: the server (or the test) closed the connection
                }
            }, "flood");
            writer.setDaemon(true);
            writer.start();
            return flood;
        }

        /** Whether it goes on writing until the connection ends. */
        public boolean endless() {
            return endless;
        }

        /** Bytes the server has taken so far (into its socket buffers at least). */
        public long written() {
            return written.get();
        }
    }
}
