package dev.parley.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A WebSocket opening handshake over a plain socket, to see exactly what the server answers to given headers. */
public final class Handshake {

    private Handshake() {
    }

    /**
     * The status line the server answers to a handshake for {@code uri} (ws://) with the given Origin header, or
     * {@code "(connection closed)"} when it closes the connection without an answer.
     *
     * @param origin null to send no Origin header
     */
    public static String status(URI uri, String origin) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) FrameClient.TIMEOUT.toMillis());
            String request = "GET " + uri.getPath() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String line = firstLine(socket.getInputStream());
            return line.isEmpty() ? "(connection closed)" : line;
        }
    }

    /** Whether the server switched protocols. */
    public static boolean accepted(String status) {
        return status.startsWith("HTTP/1.1 101");
    }

    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) != -1 && b != '\n'; ) {
                if (b != '\r') {
                    line.write(b);
                }
            }
        } catch (java.net.SocketException reset) {
            // a connection reset before any answer is a refusal too
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
