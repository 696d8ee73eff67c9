package dev.parley.transport.websocket;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.NodeScripts;
import dev.parley.testing.Tokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client library signing in to the real endpoint on Tyrus with parley.auth=jwt
 * (clients/js/it/auth.test.mjs), its tokens from a host application's token endpoint beside it, which signs one for
 * {@code ?sub=NAME&ttl=SECONDS} (HS256, the server's secret). A class of its own: the in-JVM endpoints take their
 * beans from the first CDI container of the JVM, so one test class runs one server.
 */
class JsClientAuthIT {

    private static final Path CLIENT = Path.of("clients/js");

    private static ParleyServer server;
    private static HttpServer host;

    @BeforeAll
    static void start() throws Exception {
        NodeScripts.requireNode();
        NodeScripts.install(CLIENT);
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of(
                "parley.auth", "jwt", "parley.jwtSecret", Tokens.SECRET)));
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/token", JsClientAuthIT::issueToken);
        host.start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientSignsInWithATokenAndRenewsIt() throws Exception {
        NodeScripts.test(CLIENT, Map.of(
                "PARLEY_URL", "http://127.0.0.1:" + server.chatUri().getPort() + "/",
                "PARLEY_TOKEN_URL", "http://127.0.0.1:" + host.getAddress().getPort() + "/token"),
                Duration.ofMinutes(2), "clients/js", "it/auth.test.mjs");
    }

    private static void issueToken(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        String token = Tokens.hs256(query.get("sub"), Instant.now().plusSeconds(Long.parseLong(query.get("ttl"))));
        byte[] body = token.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
