package dev.parley.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.application.ChatMetrics;
import dev.parley.application.NewConnection;
import dev.parley.application.Transport;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.MemoryChat;
import dev.parley.testing.SilentPeer;
import org.junit.jupiter.api.Test;

class ConnectionsResourceTest {

    private final ConnectionsResource resource = new ConnectionsResource();

    ConnectionsResourceTest() {
        resource.chat = MemoryChat.start(ParleyConfig.defaults(), ChatMetrics.NONE);
    }

    @Test
    void countsOpenConnectionsByTransportListingEveryTransport() {
        assertEquals("{\"total\":0,\"transports\":{\"websocket\":0,\"fallback\":0}}", resource.connections());

        resource.chat.connect(NewConnection.anonymous(new SilentPeer(), Transport.WEBSOCKET));
        resource.chat.connect(NewConnection.anonymous(new SilentPeer(), Transport.FALLBACK));
        resource.chat.disconnect(resource.chat.connect(NewConnection.anonymous(new SilentPeer(),
                Transport.FALLBACK)));

        assertEquals("{\"total\":2,\"transports\":{\"websocket\":1,\"fallback\":1}}", resource.connections());
    }
}
