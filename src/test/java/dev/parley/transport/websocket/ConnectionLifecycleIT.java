package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.FrameClient;
import dev.parley.testing.RawWebSocket;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reconnecting with since, several tabs under one name, and connections that vanish. */
class ConnectionLifecycleIT {

    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of("parley.historySize", "10")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void reconnectWithSinceRecoversExactlyTheMissedMessages() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "recover", "ada")) {
            long lastSeen;
            try (WsClient bob = WsClient.joined(server.chatUri(), "recover", "bob")) {
                post(ada, "recover", "one");
                lastSeen = bob.await(f -> f.getString("type").equals("message")).getInt("seq");
            }
            post(ada, "recover", "two");
            post(ada, "recover", "three");

            try (WsClient bob = WsClient.connect(server.chatUri())) {
                bob.send("{\"type\":\"join\",\"room\":\"recover\",\"name\":\"bob\",\"since\":" + lastSeen + "}");
                JsonObject joined = bob.expect("joined");
                assertTrue(joined.getBoolean("recovered"));
                assertEquals(3, joined.getInt("seq"));
                assertEquals(List.of(2, 3), ProtocolIT.seqs(joined.getJsonArray("history")));
                post(ada, "recover", "four");
                assertEquals(4, bob.expect("message").getInt("seq"), "the live stream continues after the joined seq");
            }
        }
    }

    @Test
    void reconnectAfterTheWindowIsNotRecoveredAndGetsTheLatestHistory() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "too-late", "ada")) {
            for (int i = 1; i <= 15; i++) {
                post(ada, "too-late", "m" + i);
            }
            try (WsClient bob = WsClient.connect(server.chatUri())) {
                bob.send("{\"type\":\"join\",\"room\":\"too-late\",\"name\":\"bob\",\"since\":2}");
                JsonObject joined = bob.expect("joined");
                assertFalse(joined.getBoolean("recovered"));
                assertEquals(15, joined.getInt("seq"));
                assertEquals(List.of(6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                        ProtocolIT.seqs(joined.getJsonArray("history")));
            }
        }
    }

    @Test
    void twoTabsWithOneNameAreOneMember() throws Exception {
        try (WsClient bob = WsClient.joined(server.chatUri(), "tabs", "bob");
             WsClient tab1 = WsClient.joined(server.chatUri(), "tabs", "ada")) {
            assertEquals("ada", bob.expect("presence").getString("user"));
            try (WsClient tab2 = WsClient.joined(server.chatUri(), "tabs", "ada")) {
                post(tab2, "tabs", "from tab two");
                assertEquals("from tab two", tab1.expect("message").getString("text"));
                assertEquals("from tab two", bob.expect("message").getString("text"));
                tab2.send("{\"type\":\"typing\",\"room\":\"tabs\"}");
                assertEquals("ada", bob.expect("typing").getString("user"));
                tab1.expectNothingElse(); // no presence for the second tab, no typing echo to the same name
            }
            bob.expectNothingElse(); // closing one tab is no leave while the other is there
            tab1.close();
            JsonObject leave = bob.expect("presence");
            assertEquals("leave", leave.getString("event"));
            assertEquals("ada", leave.getString("user"));
            assertEquals(1, leave.getInt("members"));
        }
    }

    @Test
    void joinedListsDistinctSortedNames() throws Exception {
        try (WsClient c1 = WsClient.joined(server.chatUri(), "sorted", "zoe");
             WsClient c2 = WsClient.joined(server.chatUri(), "sorted", "amy");
             WsClient c3 = WsClient.joined(server.chatUri(), "sorted", "zoe");
             WsClient c4 = WsClient.joined(server.chatUri(), "sorted", "max")) {
            c4.send("{\"type\":\"join\",\"room\":\"sorted\"}");
            assertEquals(List.of("amy", "max", "zoe"), ProtocolIT.names(c4.expect("joined")));
        }
    }

    @Test
    void abruptDisconnectLeavesEveryRoomWithPresence() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "abrupt-1", "ada")) {
            ada.send("{\"type\":\"join\",\"room\":\"abrupt-2\"}");
            ada.expect("joined");
            RawWebSocket crashy = RawWebSocket.connect(server.chatUri());
            assertEquals("welcome", frameType(crashy.readText()));
            crashy.sendText("{\"type\":\"join\",\"room\":\"abrupt-1\",\"name\":\"crashy\"}");
            assertEquals("joined", frameType(crashy.readText()));
            crashy.sendText("{\"type\":\"join\",\"room\":\"abrupt-2\"}");
            assertEquals("joined", frameType(crashy.readText()));
            assertEquals("join", ada.expect("presence").getString("event"));
            assertEquals("join", ada.expect("presence").getString("event"));

            crashy.abort();

            for (String room : List.of("abrupt-1", "abrupt-2")) {
                JsonObject leave = ada.await(f -> f.getString("type").equals("presence")
                        && f.getString("room").equals(room));
                assertEquals("leave", leave.getString("event"));
                assertEquals("crashy", leave.getString("user"));
            }
        }
    }

    @Test
    void roomCapPerConnectionIsEnforced() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "cap-0", "ada")) {
            for (int i = 1; i < 50; i++) {
                ada.send("{\"type\":\"join\",\"room\":\"cap-" + i + "\"}");
                ada.expect("joined");
            }
            ada.send("{\"type\":\"join\",\"room\":\"cap-50\"}");
            FrameClient.assertError(ada.next(), "bad_request");
            ada.send("{\"type\":\"join\",\"room\":\"cap-3\"}");
            ada.expect("joined"); // rejoining a room it is in is no new room
        }
    }

    private static void post(WsClient sender, String room, String text) throws Exception {
        sender.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
        sender.await(f -> f.getString("type").equals("ack"));
        sender.await(f -> f.getString("type").equals("message"));
    }

    private static String frameType(String text) {
        return Json.createReader(new StringReader(text)).readObject().getString("type");
    }
}
