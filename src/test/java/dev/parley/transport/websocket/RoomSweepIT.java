package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.config.ParleyConfig;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Idle rooms are freed from the start of the deployment, whether or not anyone ever opens a WebSocket. */
class RoomSweepIT {

    @Test
    void aRoomOnlyEverPublishedToIsFreedWithoutAnyConnection() throws Exception {
        try (ParleyServer server = ParleyServer.start(ParleyConfig.load(Map.of(),
                Map.of("parley.emptyRoomSeconds", "0")))) {
            server.chat().publish(new RoomId("ticker"), new UserName("ticker"), "42.10", null);
            assertEquals(1, server.chat().rooms().size());

            Await.until(Duration.ofSeconds(10), () -> server.chat().rooms().isEmpty(), "freeing the idle room");
        }
    }
}
