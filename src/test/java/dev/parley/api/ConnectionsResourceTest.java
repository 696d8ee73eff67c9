package dev.parley.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.application.ChatMetrics;
import dev.parley.application.Peer;
import dev.parley.application.Transport;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.testing.MemoryChat;
import org.junit.jupiter.api.Test;

class ConnectionsResourceTest {

    private final ConnectionsResource resource = new ConnectionsResource();

    ConnectionsResourceTest() {
        resource.chat = MemoryChat.start(ParleyConfig.defaults(), ChatMetrics.NONE);
    }

    @Test
    void countsOpenConnectionsByTransportListingEveryTransport() {
        assertEquals("{\"total\":0,\"transports\":{\"websocket\":0,\"fallback\":0}}", resource.connections());

        resource.chat.connect(new Silent(), null);
        resource.chat.connect(new Silent(), null, Transport.FALLBACK);
        resource.chat.disconnect(resource.chat.connect(new Silent(), null, Transport.FALLBACK));

        assertEquals("{\"total\":2,\"transports\":{\"websocket\":1,\"fallback\":1}}", resource.connections());
    }

    /** A peer that takes every frame and sends nothing. */
    private static final class Silent implements Peer {
        @Override
        public boolean offer(String frame) {
            return false;
        }

        @Override
        public void drain() {
        }

        @Override
        public void discard() {
        }

        @Override
        public void close(CloseCause cause) {
        }
    }
}
