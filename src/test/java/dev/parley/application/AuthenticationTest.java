package dev.parley.application;

import static dev.parley.application.ChatFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.Identity;
import dev.parley.domain.Role;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCause;
import dev.parley.testing.SettableClock;
import dev.parley.testing.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Signing in with a token (parley.auth=jwt), on a clock the test moves: frames before auth, renewal, expiry. */
class AuthenticationTest {

    private final SettableClock clock = new SettableClock(NOW);
    private final ChatFixture fixture = ChatFixture.signingIn(Map.of("PARLEY_TOKEN_URL", "/session/token"), clock);

    @Test
    void welcomeSaysThatAuthIsRequiredAndWhereThePageGetsItsToken() {
        JsonObject welcome = fixture.connect().next("welcome");

        assertEquals("jwt", welcome.getString("auth"));
        assertEquals("/session/token", welcome.getString("tokenUrl"));
        assertFalse(welcome.containsKey("user"));
    }

    @Test
    void everyFrameButPingBeforeAuthIsUnauthorizedAndTheConnectionStaysOpen() {
        FakeClient ada = fixture.connect().clear();

        ada.join("lobby", "ada").nextError("unauthorized", "join");
        ada.post("lobby", "hi", "m1").nextError("unauthorized", "m1");
        ada.typing("lobby").nextError("unauthorized", "typing");
        ada.history("lobby", null, 10).nextError("unauthorized", "history");
        ada.leave("lobby").nextError("unauthorized", "leave");
        ada.ping().next("pong");

        assertNull(ada.peer().closedFor());
        assertNull(ada.connection().identity());
    }

    @Test
    void aGoodTokenSignsInAndBindsTheName() {
        Instant expires = NOW.plusSeconds(600);
        FakeClient ada = fixture.connect().clear();

        JsonObject authenticated = ada.auth(Tokens.hs256("u-1", "Ada", expires, Map.of("ops", "moderator")))
                .next("authenticated");

        assertEquals(Json.createObjectBuilder().add("type", "authenticated").add("user", "Ada")
                .add("expires", "2026-11-23T10:25:30.000Z").add("rooms", Json.createObjectBuilder()
                        .add("ops", "moderator")).build(), authenticated);
        // exp is in whole seconds (RFC 7519 NumericDate)
        assertEquals(new Identity("u-1", new UserName("Ada"), Map.of(new RoomId("ops"), Role.MODERATOR),
                        expires.truncatedTo(ChronoUnit.SECONDS)),
                ada.connection().identity());
        assertEquals("Ada", ada.join("lobby", null).next("joined").getString("user"));
        ada.join("lobby", "Ada").next("joined");
        ada.join("lobby", "root").nextError("bad_request", "join");
    }

    @Test
    void aBadTokenIsUnauthorizedAndClosesTheConnection() {
        FakeClient ada = fixture.connect().clear();

        JsonObject error = ada.auth(Tokens.hs256("ada", NOW.minusSeconds(1))).nextError("unauthorized", "auth");

        assertTrue(error.getString("message").contains("expired"), error::toString);
        assertEquals(CloseCause.UNAUTHORIZED, ada.peer().closedFor());
        assertEquals(1008, CloseCause.UNAUTHORIZED.code());
    }

    @Test
    void noAuthWithinTheTimeoutClosesTheConnection() {
        FakeClient quiet = fixture.connect().clear();
        FakeClient ada = signedIn("ada", NOW.plusSeconds(3600));

        clock.advance(Duration.ofMillis(9_999));
        fixture.chat.closeOverdue();
        assertNull(quiet.peer().closedFor());

        clock.advance(Duration.ofMillis(1));
        fixture.chat.closeOverdue();
        assertEquals(CloseCause.AUTH_TIMEOUT, quiet.peer().closedFor());
        assertNull(ada.peer().closedFor(), "a signed-in connection has no auth timeout");
    }

    @Test
    void anExpiredTokenClosesTheConnectionAndTheRoomSeesItLeave() {
        FakeClient ada = signedIn("ada", NOW.plusSeconds(60));
        FakeClient bob = signedIn("bob", NOW.plusSeconds(3600));
        ada.join("lobby", null).next("joined");
        bob.join("lobby", null).next("joined");
        ada.clear();

        clock.advance(Duration.ofSeconds(59));
        fixture.chat.closeOverdue();
        assertNull(ada.peer().closedFor());

        clock.advance(Duration.ofSeconds(1));
        fixture.chat.closeOverdue();
        assertEquals(CloseCause.TOKEN_EXPIRED, ada.peer().closedFor());
        assertEquals("token expired", CloseCause.TOKEN_EXPIRED.reason());
        ChatFixture.assertPresence(bob.next("presence"), "leave", "ada", 1);
    }

    @Test
    void renewalWithTheSameSubjectExtendsTheExpiryAndReplacesTheGrantsButKeepsTheName() {
        FakeClient ada = signedIn("u-1", "Ada", NOW.plusSeconds(60), Map.of("ops", "owner"));
        Instant renewed = NOW.plusSeconds(600);

        JsonObject authenticated = ada.auth(Tokens.hs256("u-1", "Ada Lovelace", renewed, Map.of("dev", "member")))
                .next("authenticated");

        assertEquals("Ada", authenticated.getString("user"));
        assertEquals("2026-11-23T10:25:30.000Z", authenticated.getString("expires"));
        assertEquals(Map.of(new RoomId("dev"), Role.MEMBER), ada.connection().identity().grants());
        clock.advance(Duration.ofSeconds(120));
        fixture.chat.closeOverdue();
        assertNull(ada.peer().closedFor(), "the old expiry no longer counts");
        clock.advance(Duration.ofSeconds(480));
        fixture.chat.closeOverdue();
        assertEquals(CloseCause.TOKEN_EXPIRED, ada.peer().closedFor());
    }

    @Test
    void renewalWithAnotherSubjectIsUnauthorizedAndCloses() {
        FakeClient ada = signedIn("ada", NOW.plusSeconds(60));

        ada.auth(Tokens.hs256("bob", NOW.plusSeconds(600))).nextError("unauthorized", "auth");

        assertEquals(CloseCause.UNAUTHORIZED, ada.peer().closedFor());
        assertEquals("ada", ada.connection().identity().subject());
    }

    @Test
    void renewalWithABadTokenIsUnauthorizedAndCloses() {
        FakeClient ada = signedIn("ada", NOW.plusSeconds(60));

        ada.auth("not-a-token").nextError("unauthorized", "auth");

        assertEquals(CloseCause.UNAUTHORIZED, ada.peer().closedFor());
    }

    @Test
    void twoConnectionsOfOneSubjectAreOneUser() {
        FakeClient tab1 = signedIn("ada", NOW.plusSeconds(600));
        FakeClient tab2 = signedIn("ada", NOW.plusSeconds(600));

        tab1.join("lobby", null).next("joined");
        JsonObject joined = tab2.join("lobby", null).next("joined");

        assertEquals(List.of("ada"), ChatFixture.strings(joined.getJsonArray("members")));
        tab1.expectNothing();
    }

    @Test
    void tokensNeverAppearInTheLog() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger parley = Logger.getLogger("dev.parley");
        Level level = parley.getLevel();
        parley.setLevel(Level.ALL);
        parley.addHandler(capture);
        List<String> tokens = List.of(Tokens.hs256("ada", NOW.minusSeconds(1)), Tokens.hs256("bob", NOW.plusSeconds(60)),
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.", "garbage-token-value");
        try {
            for (String token : tokens) {
                FakeClient client = fixture.connect().clear();
                client.auth(token);
                client.auth(Tokens.hs256("carol", NOW.plusSeconds(60)));
                client.send(new ClientFrame.Auth(token));
            }
        } finally {
            parley.removeHandler(capture);
            parley.setLevel(level);
        }

        assertFalse(lines.isEmpty(), "the refusals are logged");
        for (String line : lines) {
            for (String token : tokens) {
                for (String part : token.split("\\.")) {
                    assertFalse(part.length() > 8 && line.contains(part), "a token in the log: " + line);
                }
            }
        }
        assertEquals("Auth[token=(hidden)]", new ClientFrame.Auth(tokens.get(0)).toString());
    }

    @Test
    void inOpenModeAnAuthFrameIsABadRequestAndTheFirstJoinNamesTheIdentity() {
        ChatFixture open = new ChatFixture();
        FakeClient ada = open.connect();
        assertFalse(ada.next("welcome").containsKey("auth"));

        ada.auth(Tokens.hs256("ada", NOW.plusSeconds(60))).nextError("bad_request", "auth");
        assertNull(ada.peer().closedFor());
        ada.join("lobby", "ada").next("joined");
        assertEquals(Identity.named(new UserName("ada")), ada.connection().identity());
        assertEquals(Identity.named(new UserName("bob")), open.connectAs("bob").connection().identity());
    }

    private FakeClient signedIn(String subject, Instant expires) {
        return signedIn(subject, subject, expires, Map.of());
    }

    private FakeClient signedIn(String subject, String name, Instant expires, Map<String, String> rooms) {
        FakeClient client = fixture.connect().clear();
        client.auth(Tokens.hs256(subject, name, expires, rooms)).next("authenticated");
        return client;
    }
}
