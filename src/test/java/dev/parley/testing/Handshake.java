package dev.parley.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
        String response = response(uri, origin, "");
        return response.isEmpty() ? "(connection closed)" : response.lines().findFirst().orElseThrow();
    }

    /**
     * The status line and headers the server answers, or "" when it closes without an answer.
     *
     * @param extraHeaders more request header lines, each ending in CRLF
     */
    public static String response(URI uri, String origin, String extraHeaders) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) FrameClient.TIMEOUT.toMillis());
            String request = "GET " + uri.getPath() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + extraHeaders + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return headerBlock(socket.getInputStream());
        }
    }

    /**
     * The subprotocol the server selects for a handshake offering {@code offered} (a Sec-WebSocket-Protocol value, or
     * null to offer none), or null when its answer names none.
     *
     * @throws AssertionError when the server does not switch protocols
     */
    public static String subprotocol(URI uri, String origin, String offered) throws IOException {
        String response = response(uri, origin, offered == null ? "" : "Sec-WebSocket-Protocol: " + offered + "\r\n");
        if (!accepted(response)) {
            throw new AssertionError("handshake refused: " + response);
        }
        return response.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-protocol:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(null);
    }

    /** Whether the server switched protocols. */
    public static boolean accepted(String status) {
        return status.startsWith("HTTP/1.1 101");
    }

    /** Reads up to the blank line that ends the headers (or the end of the stream), without the CRs. */
    private static String headerBlock(InputStream in) throws IOException {
        StringBuilder block = new StringBuilder();
        try {
            for (int b; (b = in.read()) != -1; ) {
                if (b == '\n' && block.length() > 0 && block.charAt(block.length() - 1) == '\n') {
                    break;
                }
                if (b != '\r') {
                    block.append((char) b);
                }
            }
        } catch (java.net.SocketException reset) {
            // a connection reset before any answer is a refusal too
        }
        return block.toString().strip();
    }
}
