package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** In open mode a user's subject is its name: {@code users} and {@code presence} say so, and messages carry no sub. */
class OpenPresenceIT {

    private static ParleyServer open;

    @BeforeAll
    static void start() throws Exception {
        open = ParleyServer.start();
    }

    @AfterAll
    static void stop() {
        open.close();
    }

    @Test
    void inOpenModeTheSubjectIsTheNameAndMessagesCarryNone() throws Exception {
        try (WsClient ada = WsClient.joined(open.chatUri(), "open-subjects", "ada");
             WsClient bob = WsClient.connect(open.chatUri())) {
            bob.send("{\"type\":\"join\",\"room\":\"open-subjects\",\"name\":\"bob\"}");
            JsonObject joined = bob.expect("joined");
            assertEquals(Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("user", "ada").add("sub", "ada"))
                    .add(Json.createObjectBuilder().add("user", "bob").add("sub", "bob")).build(),
                    joined.getJsonArray("users"));
            assertEquals("bob", ada.expect("presence").getString("sub"));

            bob.send("{\"type\":\"message\",\"room\":\"open-subjects\",\"text\":\"hi\"}");
            JsonObject message = ada.expect("message");
            assertFalse(message.containsKey("sub"), message::toString);
        }
    }
}
