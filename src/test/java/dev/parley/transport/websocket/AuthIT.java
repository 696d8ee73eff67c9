package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.parley.domain.RoomAccess;
import dev.parley.testing.Await;
import dev.parley.testing.FrameClient;
import dev.parley.testing.FreePort;
import dev.parley.testing.SseClient;
import dev.parley.testing.Tokens;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * parley.auth=jwt on the real endpoint, in this JVM and on the built WAR on each server ({@link ParleyTarget}, with the
 * same settings on both): frames before auth, the attacks of issue 19, the auth timeout, renewal, expiry while
 * connected, grants, the first POST of the fallback transport, the example host application, and the server's log
 * free of tokens (the last test, once every token is known).
 */
@Tag(ParleyTarget.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthIT {

    @RegisterExtension
    static final ParleyTarget parley = ParleyTarget.with(Map.of("parley.auth", "jwt",
            "parley.jwtSecret", Tokens.SECRET, "parley.authTimeoutMillis", "3000", "parley.tokenUrl", "/token"));

    /** Every token a test sent, which the server's log must not show. */
    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();

    @Test
    void framesBeforeAuthAreUnauthorizedThenAGoodTokenSignsIn() throws Exception {
        try (WsClient ada = WsClient.connectRaw(parley.chat())) {
            JsonObject welcome = ada.expect("welcome");
            assertEquals("jwt", welcome.getString("auth"));
            assertEquals("/token", welcome.getString("tokenUrl"));

            ada.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"ada\"}");
            FrameClient.assertError(ada.expect("error"), "unauthorized");
            ada.send("{\"type\":\"ping\"}");
            ada.expect("pong");

            ada.send(auth(token("u-ada", "Ada", Instant.now().plusSeconds(600), Map.of("ops", "owner"))));
            JsonObject authenticated = ada.expect("authenticated");
            assertEquals("Ada", authenticated.getString("user"));
            assertEquals("owner", authenticated.getJsonObject("rooms").getString("ops"));
            ada.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertEquals("Ada", ada.expect("joined").getString("user"));
            ada.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"bob\"}");
            FrameClient.assertError(ada.expect("error"), "bad_request");
        }
    }

    @Test
    void aBadTokenIsUnauthorizedAndClosedWith1008() throws Exception {
        try (WsClient mallory = WsClient.connect(parley.chat())) {
            mallory.sendExpectingClose(auth("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEiLCJhdWQiOiJwYXJsZXkifQ."));

            JsonObject error = mallory.expect("error");
            FrameClient.assertError(error, "unauthorized");
            assertEquals("auth", error.getString("ref"));
            assertClosed(mallory, "unauthorized");
        }
    }

    @Test
    void everyBadTokenIsUnauthorizedAndClosedWith1008() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        List<String> attacks = new ArrayList<>(List.of(
                token("ada", "ada", Instant.now().minusSeconds(5), Map.of()),
                sign(Tokens.claims("ada", later).build(), "another-secret-that-is-32-bytes-long!"),
                new PlainJWT(Tokens.claims("ada", later).build()).serialize(),
                sign(Tokens.claims("ada", later).audience("shop").build(), Tokens.SECRET),
                sign(new JWTClaimsSet.Builder().subject("ada").audience("parley").build(), Tokens.SECRET),
                sign(new JWTClaimsSet.Builder().audience("parley").expirationTime(Date.from(later)).build(),
                        Tokens.SECRET),
                sign(Tokens.claims("ada", later).notBeforeTime(Date.from(Instant.now().plusSeconds(300))).build(),
                        Tokens.SECRET),
                token("ada", "ada\u0007", later, Map.of()),
                token("ada", "ada", later, Map.of("ops", "admin")),
                "not.a.token"));
        for (String token : attacks) {
            TOKENS.add(token);
            try (WsClient mallory = WsClient.connect(parley.chat())) {
                mallory.sendExpectingClose(auth(token));
                JsonObject error = mallory.expect("error");
                FrameClient.assertError(error, "unauthorized");
                assertEquals("auth", error.getString("ref"));
                assertFalse(error.getString("message").contains(token), error::toString);
                assertEquals(1008, mallory.awaitCloseCode());
            }
        }
    }

    @Test
    void noAuthInTimeClosesWith1008() throws Exception {
        try (WsClient quiet = WsClient.connect(parley.chat())) {
            assertClosed(quiet, "no valid auth in time");
        }
    }

    @Test
    void aTokenThatExpiresWhileConnectedClosesWith1008() throws Exception {
        try (WsClient ada = signedIn("ada", Instant.now().plusSeconds(3))) {
            assertClosed(ada, "token expired");
        }
    }

    @Test
    void aRenewedTokenKeepsTheConnectionOpenPastTheFirstExpiry() throws Exception {
        Instant first = Instant.now().plusSeconds(3);
        try (WsClient ada = signedIn("ada", first)) {
            ada.send(auth(token("ada", "ada", Instant.now().plusSeconds(600), Map.of())));
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
            ada.sendExpectingClose(auth(token("bob", "bob", Instant.now().plusSeconds(600), Map.of())));

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
        parley.setAccess("jwt-a", RoomAccess.PRIVATE);
        parley.setAccess("jwt-b", RoomAccess.PRIVATE);
        Instant expires = Instant.now().plusSeconds(600);
        try (WsClient mod = WsClient.connect(parley.chat()); WsClient eve = WsClient.connect(parley.chat())) {
            mod.send(auth(token("u-mod", "Mod", expires, Map.of("jwt-a", "moderator"))));
            mod.expect("authenticated");
            eve.send(auth(token("u-eve", "Eve", expires, Map.of("jwt-a", "member"))));
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

    @Test
    void theFallbackSignsInWithAuthInTheFirstPost() throws Exception {
        parley.assumeDeployed("the fallback transport is servlets, which Tyrus in this JVM does not run");
        try (SseClient ada = SseClient.connect(parley.page()); SseClient quiet = SseClient.connect(parley.page())) {
            ada.send(auth(token("u-ada", "Ada", Instant.now().plusSeconds(600), Map.of())) + "\n"
                    + "{\"type\":\"join\",\"room\":\"fallback\"}");
            assertEquals("Ada", ada.expect("authenticated").getString("user"));
            assertEquals("Ada", ada.expect("joined").getString("user"));

            quiet.send("{\"type\":\"join\",\"room\":\"fallback\",\"name\":\"bob\"}");
            FrameClient.assertError(quiet.expect("error"), "unauthorized");
        }
    }

    @Test
    void theExampleHostApplicationSignsTokensParleyAccepts() throws Exception {
        int port = FreePort.pick();
        Path output = Files.createTempFile("auth-host", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String origin = SseClient.pageOrigin(parley.page());
        Process host = new ProcessBuilder(java, "examples/auth/Host.java", "--secret", Tokens.SECRET,
                "--port", String.valueOf(port), "--chat", parley.page().toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            Await.until(Duration.ofSeconds(60), () -> read(output).contains("Sign in at"), "the host's start");
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            HttpResponse<String> login = WsClient.HTTP.send(HttpRequest.newBuilder(base.resolve("login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=Grace&rooms=ops%3Aowner")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, login.statusCode());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> answer = WsClient.HTTP.send(HttpRequest.newBuilder(base.resolve("token"))
                    .header("Cookie", cookie).header("Origin", origin).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(origin, answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            String token = Json.createReader(new StringReader(answer.body())).readObject().getString("token");
            TOKENS.add(token);

            try (WsClient grace = WsClient.connect(parley.chat())) {
                grace.send(auth(token));
                JsonObject authenticated = grace.expect("authenticated");
                assertEquals("Grace", authenticated.getString("user"));
                assertEquals("owner", authenticated.getJsonObject("rooms").getString("ops"));
            }
            HttpResponse<String> anonymous = WsClient.HTTP.send(HttpRequest.newBuilder(base.resolve("token")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
        } finally {
            host.destroy();
            Files.deleteIfExists(output);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noTokenAppearsInTheServersLog() throws Exception {
        String log = serverLogs();
        assertTrue(log.contains("token refused"), "the refusals are logged");
        assertFalse(TOKENS.isEmpty());
        for (String token : TOKENS) {
            for (String part : token.split("\\.")) {
                assertFalse(part.length() > 8 && log.contains(part), "a token in the log: " + part);
            }
        }
    }

    /**
     * The console log and every log file the server wrote in its directory: Open Liberty logs INFO lines to
     * messages.log, not to the console.
     */
    private static String serverLogs() throws IOException {
        StringBuilder text = new StringBuilder(Files.readString(parley.log(), StandardCharsets.ISO_8859_1));
        Path home = parley.home();
        if (!Files.isDirectory(home)) {
            return text.toString();
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f)).toList()) {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static WsClient signedIn(String subject, Instant expires) throws Exception {
        WsClient client = WsClient.connect(parley.chat());
        client.send(auth(token(subject, subject, expires, Map.of())));
        client.expect("authenticated");
        return client;
    }

    private static String token(String subject, String name, Instant expires, Map<String, String> rooms) {
        String token = Tokens.hs256(subject, name, expires, rooms);
        TOKENS.add(token);
        return token;
    }

    private static String sign(JWTClaimsSet claims, String secret) {
        return Tokens.sign(claims, Tokens.macSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256,
                null);
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
