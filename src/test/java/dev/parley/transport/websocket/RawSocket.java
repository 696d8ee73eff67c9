package dev.parley.transport.websocket;

import dev.parley.testing.FrameClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket, for what a library will not do: dropping the TCP connection without a
 * close handshake, or sending frames a library would refuse to build.
 */
final class RawSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout((int) FrameClient.TIMEOUT.toMillis());
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens the socket and completes the handshake; fails unless the server answers 101. */
    static RawSocket connect(URI uri) throws IOException {
        RawSocket raw = new RawSocket(new Socket(uri.getHost(), uri.getPort()));
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + uri.getPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Origin: http://" + uri.getHost() + ":" + uri.getPort() + "\r\n"
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

    /** Sends one masked text frame. */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the next server frame's payload as text (server frames are unmasked and, here, unfragmented). */
    String readText() throws IOException {
        int opcode = in.readUnsignedByte() & 0x0f;
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (opcode != 1) {
            throw new IOException("expected a text frame, got opcode " + opcode);
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Drops the connection with a TCP reset, without a WebSocket close: a crashed client or a pulled cable. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        InputStream stream = in;
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = stream.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake");
            }
            headers.append((char) b);
        }
        return headers.toString();
    }
}
