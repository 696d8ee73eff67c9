package dev.parley.transport.websocket;

import static dev.parley.testing.Handshake.accepted;
import static dev.parley.testing.Handshake.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Handshake;
import dev.parley.testing.WsClient;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-Site WebSocket Hijacking: only the page's own origin (and configured ones) may open /chat. Tyrus's own
 * configurator accepts every origin, so every refusal here is Parley's check at work.
 */
class OriginIT {

    private static ParleyServer server;
    private static URI chat;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start();
        chat = server.chatUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePagesOwnOriginIsAccepted() throws Exception {
        String status = status(chat, "http://127.0.0.1:" + chat.getPort());

        assertTrue(accepted(status), status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "http://127.0.0.1.evil.example", "https://127.0.0.1",
            "http://localhost", "http://127.0.0.2"})
    void aForeignOriginIsRefused(String origin) throws Exception {
        assertRefused(status(chat, origin));
    }

    @Test
    void aLookAlikeHostIsRefused() throws Exception {
        assertRefused(status(chat, "http://127.0.0.1:" + chat.getPort() + ".evil.example"));
        assertRefused(status(chat, "http://127.0.0.1.evil.example:" + chat.getPort()));
    }

    @Test
    void theWrongPortIsRefused() throws Exception {
        assertRefused(status(chat, "http://127.0.0.1:" + (chat.getPort() + 1)));
    }

    /**
     * Tyrus on Grizzly does not tell the request's scheme ({@code getRequestURI()} is a path), so a page at
     * {@code https://127.0.0.1:PORT} would pass: but this port speaks plain HTTP and can serve no such page. An https
     * origin on its default port is refused as another port; OriginPolicyTest covers containers that tell the scheme.
     */
    @Test
    void anHttpsOriginOnItsDefaultPortIsRefused() throws Exception {
        assertRefused(status(chat, "https://127.0.0.1"));
    }

    @Test
    void aNullOriginIsRefusedWith403() throws Exception {
        assertEquals("HTTP/1.1 403", status(chat, "null").substring(0, 12));
    }

    @Test
    void aClientWithoutOriginIsRefusedByDefault() throws Exception {
        assertRefused(status(chat, null));
    }

    @Test
    void theServerStaysUsableAfterRefusals() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertRefused(status(chat, "http://evil.example"));
        }
        try (WsClient ada = WsClient.joined(server.chatUri(), "origin", "ada")) {
            ada.expectNothingElse();
        }
    }

    @Test
    void noCompressionIsNegotiatedUnlessConfigured() throws Exception {
        String response = Handshake.response(chat, "http://127.0.0.1:" + chat.getPort(),
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");

        assertTrue(accepted(response), response);
        assertFalse(response.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"), response);
    }

    private static void assertRefused(String status) {
        assertFalse(accepted(status), () -> "expected a refusal, got " + status);
    }
}
