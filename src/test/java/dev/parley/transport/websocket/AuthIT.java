package dev.parley.transport.websocket;

import dev.parley.testing.WsClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.FrameClient;
import dev.parley.testing.Tokens;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** parley.auth=jwt on the real endpoint: frames before auth, the auth timeout, renewal, expiry while connected. */
class AuthIT {

    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of("parley.auth", "jwt",
                "parley.jwtSecret", Tokens.SECRET, "parley.authTimeoutMillis", "1500",
                "parley.tokenUrl", "/token")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void framesBeforeAuthAreUnauthorizedThenAGoodTokenSignsIn() throws Exception {
        try (WsClient ada = WsClient.connectRaw(server.chatUri())) {
            JsonObject welcome = ada.expect("welcome");
            assertEquals("jwt", welcome.getString("auth"));
            assertEquals("/token", welcome.getString("tokenUrl"));

            ada.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"ada\"}");
            FrameClient.assertError(ada.expect("error"), "unauthorized");
            ada.send("{\"type\":\"ping\"}");
            ada.expect("pong");

            ada.send(auth(Tokens.hs256("u-ada", "Ada", Instant.now().plusSeconds(600), Map.of())));
            assertEquals("Ada", ada.expect("authenticated").getString("user"));
            ada.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertEquals("Ada", ada.expect("joined").getString("user"));
            ada.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"bob\"}");
            FrameClient.assertError(ada.expect("error"), "bad_request");
        }
    }

    @Test
    void aBadTokenIsUnauthorizedAndClosedWith1008() throws Exception {
        try (WsClient mallory = WsClient.connect(server.chatUri())) {
            mallory.sendExpectingClose(auth("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEiLCJhdWQiOiJwYXJsZXkifQ."));

            JsonObject error = mallory.expect("error");
            FrameClient.assertError(error, "unauthorized");
            assertEquals("auth", error.getString("ref"));
            assertClosed(mallory, "unauthorized");
        }
    }

    @Test
    void noAuthInTimeClosesWith1008() throws Exception {
        try (WsClient quiet = WsClient.connect(server.chatUri())) {
            assertClosed(quiet, "no valid auth in time");
        }
    }

    @Test
    void aTokenThatExpiresWhileConnectedClosesWith1008() throws Exception {
        try (WsClient ada = signedIn("ada", Instant.now().plusSeconds(2))) {
            assertClosed(ada, "token expired");
        }
    }

    @Test
    void aRenewedTokenKeepsTheConnectionOpenPastTheFirstExpiry() throws Exception {
        Instant first = Instant.now().plusSeconds(2);
        try (WsClient ada = signedIn("ada", first)) {
            ada.send(auth(Tokens.hs256("ada", Instant.now().plusSeconds(600))));
            ada.expect("authenticated");

            // Well past the first token's expiry (and the closing sweep's second): still open, still answering.
            assertFalse(ada.closesWithin(Duration.between(Instant.now(), first.plusSeconds(3))));
            ada.send("{\"type\":\"ping\"}");
            ada.expect("pong");
        }
    }

    @Test
    void renewalWithAnotherUsersTokenIsUnauthorizedAndClosed() throws Exception {
        try (WsClient ada = signedIn("ada", Instant.now().plusSeconds(600))) {
            ada.sendExpectingClose(auth(Tokens.hs256("bob", Instant.now().plusSeconds(600))));

            FrameClient.assertError(ada.expect("error"), "unauthorized");
            assertClosed(ada, "unauthorized");
        }
    }

    @Test
    void twoTabsOfOneSubjectAreOneMember() throws Exception {
        try (WsClient tab1 = signedIn("ada", Instant.now().plusSeconds(600));
             WsClient tab2 = signedIn("ada", Instant.now().plusSeconds(600))) {
            tab1.send("{\"type\":\"join\",\"room\":\"tabs\"}");
            tab1.expect("joined");
            tab2.send("{\"type\":\"join\",\"room\":\"tabs\"}");
            assertEquals(1, tab2.expect("joined").getJsonArray("members").size());
        }
    }

    @Test
    void aTokensGrantForOneRoomAdmitsThereAndNowhereElseAndItsModeratorBansBySubject() throws Exception {
        server.chat().access().setAccess(new dev.parley.domain.RoomId("jwt-a"), dev.parley.domain.RoomAccess.PRIVATE);
        server.chat().access().setAccess(new dev.parley.domain.RoomId("jwt-b"), dev.parley.domain.RoomAccess.PRIVATE);
        Instant expires = Instant.now().plusSeconds(600);
        try (WsClient mod = WsClient.connect(server.chatUri()); WsClient eve = WsClient.connect(server.chatUri())) {
            mod.send(auth(Tokens.hs256("u-mod", "Mod", expires, Map.of("jwt-a", "moderator"))));
            mod.expect("authenticated");
            eve.send(auth(Tokens.hs256("u-eve", "Eve", expires, Map.of("jwt-a", "member"))));
            eve.expect("authenticated");

            mod.send("{\"type\":\"join\",\"room\":\"jwt-a\"}");
            assertEquals("moderator", mod.expect("joined").getString("role"));
            mod.send("{\"type\":\"join\",\"room\":\"jwt-b\"}");
            FrameClient.assertError(mod.expect("error"), "forbidden");
            eve.send("{\"type\":\"join\",\"room\":\"jwt-a\"}");
            eve.expect("joined");
            mod.expect("presence");

            mod.send("{\"type\":\"ban\",\"room\":\"jwt-a\",\"user\":\"u-eve\"}");
            assertEquals("banned", eve.expect("left").getString("reason"));
            eve.send("{\"type\":\"join\",\"room\":\"jwt-a\"}");
            FrameClient.assertError(eve.expect("error"), "forbidden");
        }
    }

    private static WsClient signedIn(String subject, Instant expires) throws Exception {
        WsClient client = WsClient.connect(server.chatUri());
        client.send(auth(Tokens.hs256(subject, expires)));
        client.expect("authenticated");
        return client;
    }

    private static String auth(String token) {
        return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
    }

    private static void assertClosed(WsClient client, String reason) throws Exception {
        CloseReason close = client.awaitClose();
        assertEquals(1008, close.getCloseCode().getCode(), close::toString);
        assertTrue(close.getReasonPhrase().contains(reason), close::toString);
    }
}
