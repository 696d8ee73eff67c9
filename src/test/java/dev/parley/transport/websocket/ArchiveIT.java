package dev.parley.transport.websocket;

import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.testing.TemporaryFiles;
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint with the embedded archive, in the JVM: a room survives the application's restart and a client that
 * rejoins with {@code since} and the epoch recovers, and so do its rules (access, roles, bans); {@code history} pages
 * past the room's window; {@code search} answers members with the newest matches first.
 */
class ArchiveIT {

    private Path dataDir;

    @BeforeEach
    void makeDataDir() throws Exception {
        dataDir = Files.createTempDirectory("parley-archive-it");
    }

    @AfterEach
    void removeDataDir() {
        TemporaryFiles.delete(dataDir);
    }

    private ParleyServer start() throws Exception {
        ParleyConfig config = ParleyConfig.load(Map.of(), Map.of("parley.historySize", "5"));
        return ParleyServer.start(config.withArchive(config.archive().inDirectory(dataDir)));
    }

    @Test
    void aRejoinWithSinceAfterARestartRecoversExactlyWhatWasMissed() throws Exception {
        String epoch;
        try (ParleyServer server = start(); WsClient ada = WsClient.joined(server.chatUri(), "keep", "ada")) {
            for (int i = 1; i <= 4; i++) {
                post(ada, "keep", "m" + i);
            }
            ada.send("{\"type\":\"join\",\"room\":\"keep\"}");
            epoch = ada.await(frame -> frame.getString("type").equals("joined")).getString("epoch");
        }
        try (ParleyServer server = start(); WsClient ada = WsClient.connect(server.chatUri())) {
            ada.send("{\"type\":\"join\",\"room\":\"keep\",\"name\":\"ada\",\"since\":2,\"epoch\":\"" + epoch + "\"}");
            JsonObject joined = ada.expect("joined");

            assertTrue(joined.getBoolean("recovered"), joined::toString);
            assertEquals(epoch, joined.getString("epoch"));
            assertEquals(List.of(3, 4), seqs(joined.getJsonArray("history")));
            assertEquals(5, post(ada, "keep", "m5").getInt("seq"));
        }
    }

    @Test
    void aPrivateRoomItsRolesAndItsBansSurviveARestart() throws Exception {
        RoomId room = new RoomId("vault");
        try (ParleyServer server = start()) {
            server.chat().access().setAccess(room, RoomAccess.PRIVATE);
            server.chat().access().setMember(room, "ada", Role.OWNER);
            server.chat().access().setMember(room, "bob", Role.MEMBER);
            try (WsClient ada = WsClient.joined(server.chatUri(), "vault", "ada")) {
                post(ada, "vault", "secret");
                ada.send("{\"type\":\"ban\",\"room\":\"vault\",\"user\":\"bob\"}");
                ada.await(frame -> frame.getString("type").equals("moderated"));
            }
        }
        try (ParleyServer server = start(); WsClient eve = WsClient.connect(server.chatUri());
             WsClient bob = WsClient.connect(server.chatUri())) {
            eve.send("{\"type\":\"join\",\"room\":\"vault\",\"name\":\"eve\"}");
            assertError(eve.expect("error"), "forbidden");
            bob.send("{\"type\":\"join\",\"room\":\"vault\",\"name\":\"bob\"}");
            assertError(bob.expect("error"), "forbidden");
            try (WsClient ada = WsClient.connect(server.chatUri())) {
                ada.send("{\"type\":\"join\",\"room\":\"vault\",\"name\":\"ada\"}");
                JsonObject joined = ada.expect("joined");
                assertEquals("owner", joined.getString("role"), joined::toString);
                assertEquals(List.of(1), seqs(joined.getJsonArray("history")));
            }
        }
    }

    @Test
    void historyPagesPastTheRoomsWindowAndSearchFindsOldMessages() throws Exception {
        try (ParleyServer server = start(); WsClient ada = WsClient.joined(server.chatUri(), "old", "ada")) {
            post(ada, "old", "the Cat sat");
            for (int i = 2; i <= 12; i++) {
                post(ada, "old", "filler " + i);
            }
            post(ada, "old", "a cat again");

            ada.send("{\"type\":\"history\",\"room\":\"old\",\"before\":4,\"limit\":10}");
            assertEquals(List.of(1, 2, 3), seqs(ada.await(frame -> frame.getString("type").equals("history"))
                    .getJsonArray("messages")));

            ada.send("{\"type\":\"search\",\"room\":\"old\",\"q\":\"CAT\"}");
            JsonObject found = ada.await(frame -> frame.getString("type").equals("search"));
            assertEquals("old", found.getString("room"));
            assertEquals("CAT", found.getString("q"));
            assertEquals(List.of(13, 1), seqs(found.getJsonArray("messages")));

            ada.send("{\"type\":\"search\",\"room\":\"old\",\"q\":\"cat\",\"before\":13}");
            assertEquals(List.of(1), seqs(ada.await(frame -> frame.getString("type").equals("search"))
                    .getJsonArray("messages")));

            ada.send("{\"type\":\"search\",\"room\":\"elsewhere\",\"q\":\"cat\"}");
            assertEquals("not_joined", ada.await(frame -> frame.getString("type").equals("error")).getString("code"));
        }
    }

    private static JsonObject post(WsClient client, String room, String text) throws Exception {
        client.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
        return client.await(frame -> frame.getString("type").equals("ack"));
    }

    private static List<Integer> seqs(jakarta.json.JsonArray messages) {
        return messages.stream().map(JsonValue::asJsonObject).map(message -> message.getInt("seq")).toList();
    }
}
