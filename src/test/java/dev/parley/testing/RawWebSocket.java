package dev.parley.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket (RFC 6455 by hand), for what a library will not do: frames with any FIN, RSV,
 * opcode, mask and declared length, including lying ones, and dropping the TCP connection without a close handshake.
 * Every read has a timeout.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** What {@link #awaitClose} saw when the connection ended without a close frame. */
    public static final int NO_CLOSE_FRAME = -1;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout((int) FrameClient.TIMEOUT.toMillis());
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Opens the socket and completes the handshake; fails unless the server answers 101. Sends an Origin matching the
     * Host, as a browser on the chat page does.
     */
    public static RawWebSocket connect(URI uri) throws IOException {
        RawWebSocket raw = new RawWebSocket(new Socket(uri.getHost(), uri.getPort()));
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String hostPort = uri.getHost() + ":" + uri.getPort();
        String request = "GET " + uri.getPath() + " HTTP/1.1\r\n"
                + "Host: " + hostPort + "\r\n"
                + "Origin: http://" + hostPort + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        raw.out.write(request.getBytes(StandardCharsets.US_ASCII));
        raw.out.flush();
        String status = raw.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            raw.close();
            throw new IOException("handshake refused: " + status);
        }
        return raw;
    }

    /**
     * One frame as bytes, every header field as given.
     *
     * @param rsv            the three RSV bits (0-7)
     * @param masked         whether to set the mask bit and mask the payload (clients must); an empty payload gets
     *                       the zero mask, so that payload written after a lying header arrives as written
     * @param declaredLength the payload length written in the header, true or not
     */
    public static byte[] frame(boolean fin, int rsv, int opcode, boolean masked, long declaredLength, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode & 0x0f);
        int maskBit = masked ? 0x80 : 0;
        if (declaredLength < 126) {
            frame.write(maskBit | (int) declaredLength);
        } else if (declaredLength < 65536) {
            frame.write(maskBit | 126);
            frame.write((int) (declaredLength >>> 8));
            frame.write((int) declaredLength);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (declaredLength >>> shift));
            }
        }
        if (!masked) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        byte[] mask = new byte[4];
        if (payload.length > 0) {
            ThreadLocalRandom.current().nextBytes(mask);
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** A well-formed client frame: masked, no RSV bits, true length. */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, true, payload.length, payload);
    }

    /** Writes bytes as they are. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one masked, unfragmented text frame. */
    public void sendText(String text) throws IOException {
        write(frame(true, TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Sends one text message as fragments, cut at the given byte offsets of its UTF-8 form: a cut may fall inside a
     * character, as RFC 6455 allows (only the whole message must be valid UTF-8).
     */
    public void sendFragmented(String text, int... cuts) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            write(frame(i == cuts.length, i == 0 ? TEXT : CONTINUATION, Arrays.copyOfRange(bytes, from, to)));
            from = to;
        }
    }

    /** The next server frame; fails on EOF or when none arrives within {@link FrameClient#TIMEOUT}. */
    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) != 0) {
            throw new IOException("server frames must not be masked");
        }
        if (length > 64 << 20) {
            throw new IOException("server frame declares " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0x0f, payload);
    }

    /** Reads the next server frame's payload as text (server frames are unfragmented here). */
    public String readText() throws IOException {
        Frame frame = readFrame();
        if (frame.opcode() == CLOSE) {
            throw new IOException("expected a text frame, got a close with " + frame.closeCode() + " "
                    + (frame.payload().length > 2 ? new String(frame.payload(), 2, frame.payload().length - 2,
                    StandardCharsets.UTF_8) : ""));
        }
        if (frame.opcode() != TEXT) {
            throw new IOException("expected a text frame, got opcode " + frame.opcode());
        }
        return frame.text();
    }

    /**
     * Reads until the server's close frame and returns its code, skipping other frames; {@link #NO_CLOSE_FRAME} when
     * the connection ends (EOF or reset) without one. Fails when neither happens within {@code timeout}.
     */
    public int awaitClose(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no close within " + timeout);
        } catch (EOFException | SocketException e) {
            return NO_CLOSE_FRAME;
        } finally {
            socket.setSoTimeout((int) FrameClient.TIMEOUT.toMillis());
        }
    }

    /** Drops the connection with a TCP reset, without a WebSocket close: a crashed client or a pulled cable. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake");
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    /** A frame as the server sent it. */
    public record Frame(boolean fin, int opcode, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's status code; 1005 (no status) when the payload is empty. */
        public int closeCode() {
            return payload.length < 2 ? 1005 : (payload[0] & 0xff) << 8 | payload[1] & 0xff;
        }
    }
}
