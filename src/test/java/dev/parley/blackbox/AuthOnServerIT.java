package dev.parley.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.parley.testing.Await;
import dev.parley.testing.FrameClient;
import dev.parley.testing.FreePort;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestServers;
import dev.parley.testing.Tokens;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * parley.auth=jwt on the built WAR, on the server the profile names (WildFly by default; Payara Micro and Open
 * Liberty with theirs): Nimbus JOSE+JWT inside the WAR, the attacks of issue 19 over WebSocket, the first POST of the
 * fallback transport, and the server's log free of tokens. It starts its own server process, whose settings differ
 * from the black-box suite's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthOnServerIT {

    private static final Path LOGS = Path.of("target", "auth");
    private static final String NAME = "auth-" + TestServers.configured();
    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();
    private static ServerProcess server;
    private static BlackBox box;

    @BeforeAll
    static void start() throws Exception {
        Path logs = Files.createDirectories(LOGS);
        server = TestServers.create(FreePort.pick(), logs, NAME, Map.of(
                "PARLEY_AUTH", "jwt", "PARLEY_JWT_SECRET", Tokens.SECRET, "PARLEY_AUTH_TIMEOUT_MILLIS", "3000",
                "PARLEY_TOKEN_URL", "/token"));
        server.start();
        box = BlackBox.at(server.page().toURL());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aGoodTokenSignsInAfterFramesBeforeAuthAreRefused() throws Exception {
        try (WsClient ada = WsClient.connectRaw(box.chat)) {
            JsonObject welcome = ada.expect("welcome");
            assertEquals("jwt", welcome.getString("auth"));
            assertEquals("/token", welcome.getString("tokenUrl"));
            ada.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"ada\"}");
            FrameClient.assertError(ada.expect("error"), "unauthorized");

            ada.send(auth(token("u-ada", "Ada", Instant.now().plusSeconds(600), Map.of("ops", "owner"))));
            JsonObject authenticated = ada.expect("authenticated");
            assertEquals("Ada", authenticated.getString("user"));
            assertEquals("owner", authenticated.getJsonObject("rooms").getString("ops"));
            ada.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertEquals("Ada", ada.expect("joined").getString("user"));
            ada.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"mallory\"}");
            FrameClient.assertError(ada.expect("error"), "bad_request");
        }
    }

    @Test
    @Order(2)
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
            try (WsClient mallory = WsClient.connect(box.chat)) {
                mallory.send(auth(token));
                JsonObject error = mallory.expect("error");
                FrameClient.assertError(error, "unauthorized");
                assertEquals("auth", error.getString("ref"));
                assertFalse(error.getString("message").contains(token), error::toString);
                assertEquals(1008, mallory.awaitCloseCode());
            }
        }
    }

    @Test
    @Order(3)
    void noAuthInTimeIsClosedWith1008() throws Exception {
        try (WsClient quiet = WsClient.connect(box.chat)) {
            assertEquals(1008, quiet.awaitCloseCode());
        }
    }

    @Test
    @Order(4)
    void aTokenExpiringWhileConnectedClosesUnlessRenewed() throws Exception {
        Instant soon = Instant.now().plusSeconds(3);
        try (WsClient ada = signedIn("ada", soon); WsClient bob = signedIn("bob", soon)) {
            bob.send(auth(token("bob", "bob", Instant.now().plusSeconds(600), Map.of())));
            bob.expect("authenticated");

            assertEquals(1008, ada.awaitCloseCode());
            assertFalse(bob.closesWithin(Duration.between(Instant.now(), soon.plusSeconds(3))));
            bob.send("{\"type\":\"ping\"}");
            bob.expect("pong");
        }
    }

    @Test
    @Order(5)
    void renewalWithAnotherUsersTokenIsClosedWith1008() throws Exception {
        try (WsClient ada = signedIn("ada", Instant.now().plusSeconds(600))) {
            ada.send(auth(token("bob", "bob", Instant.now().plusSeconds(600), Map.of())));
            FrameClient.assertError(ada.expect("error"), "unauthorized");
            assertEquals(1008, ada.awaitCloseCode());
        }
    }

    @Test
    @Order(6)
    void theFallbackSignsInWithAuthInTheFirstPost() throws Exception {
        try (SseClient ada = SseClient.connect(box); SseClient quiet = SseClient.connect(box)) {
            ada.send(auth(token("u-ada", "Ada", Instant.now().plusSeconds(600), Map.of())) + "\n"
                    + "{\"type\":\"join\",\"room\":\"fallback\"}");
            assertEquals("Ada", ada.expect("authenticated").getString("user"));
            assertEquals("Ada", ada.expect("joined").getString("user"));

            quiet.send("{\"type\":\"join\",\"room\":\"fallback\",\"name\":\"bob\"}");
            FrameClient.assertError(quiet.expect("error"), "unauthorized");
        }
    }

    @Test
    @Order(7)
    void theExampleHostApplicationSignsTokensParleyAccepts() throws Exception {
        int port = FreePort.pick();
        Path output = Files.createTempFile("auth-host", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process host = new ProcessBuilder(java, "examples/auth/Host.java", "--secret", Tokens.SECRET,
                "--port", String.valueOf(port), "--chat", box.page.toString())
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
                    .header("Cookie", cookie).header("Origin", SseClient.pageOrigin(box)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(SseClient.pageOrigin(box),
                    answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            String token = Json.createReader(new StringReader(answer.body())).readObject().getString("token");
            TOKENS.add(token);

            try (WsClient grace = WsClient.connect(box.chat)) {
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

    /**
     * The console log and every log file the server wrote in its directory: Open Liberty logs INFO lines to
     * messages.log, not to the console.
     */
    private static String serverLogs() throws IOException {
        StringBuilder text = new StringBuilder(Files.readString(server.log(), StandardCharsets.ISO_8859_1));
        Path home = LOGS.resolve(NAME);
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

    private static WsClient signedIn(String subject, Instant expires) throws Exception {
        WsClient client = WsClient.connect(box.chat);
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
}
