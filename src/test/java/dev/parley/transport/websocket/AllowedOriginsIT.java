package dev.parley.transport.websocket;

import static dev.parley.testing.Handshake.accepted;
import static dev.parley.testing.Handshake.status;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** parley.allowedOrigins and parley.allowMissingOrigin open the handshake to other pages and to programs. */
class AllowedOriginsIT {

    @Test
    void configuredOriginsAndClientsWithoutOriginAreAccepted() throws Exception {
        try (ParleyServer server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of(
                "parley.allowMissingOrigin", "true", "parley.allowedOrigins", "https://app.example.com")))) {
            URI chat = server.chatUri();

            assertTrue(accepted(status(chat, null)));
            assertTrue(accepted(status(chat, "https://app.example.com")));
            assertTrue(accepted(status(chat, "http://127.0.0.1:" + chat.getPort())));
            assertFalse(accepted(status(chat, "https://evil.example")));
            assertFalse(accepted(status(chat, "null")));
        }
    }
}
