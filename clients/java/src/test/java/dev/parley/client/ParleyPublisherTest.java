package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher against a stand-in of the HTTP API that answers as docs/operations.md says the API does. */
class ParleyPublisherTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer api;
    private ParleyPublisher publisher;

    @BeforeEach
    void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/chat/api/rooms/", this::answer);
        api.start();
        publisher = ParleyPublisher.create(URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/chat"),
                "secret-token");
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
        String text = Frames.string(Frames.object(body), "text");
        boolean tooLong = text.length() > 10;
        byte[] answer = (tooLong ? "{\"code\":\"too_large\",\"message\":\"text is longer than 10\"}"
                : "{\"type\":\"ack\",\"id\":\"t-1\",\"room\":\"ticker\",\"seq\":17,\"ts\":\"2026-11-23T11:40:02.315Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(tooLong ? 400 : 202, answer.length);
        try (var out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Test
    void publishesWithTheBearerTokenUnderTheContextRootAndReturnsTheAck() throws Exception {
        Ack ack = publisher.publish("ticker", "ticker", "PRLY \"42\"", "t-1");
        assertEquals(new Ack("t-1", "ticker", 17, Instant.parse("2026-11-23T11:40:02.315Z")), ack);
        assertEquals(List.of("POST /chat/api/rooms/ticker/messages Bearer secret-token "
                + "{\"user\":\"ticker\",\"text\":\"PRLY \\\"42\\\"\",\"id\":\"t-1\"}"), requests);
    }

    @Test
    void aRefusalCarriesTheStatusAndTheApisCode() {
        ParleyException refused = assertThrows(ParleyException.class,
                () -> publisher.publish("ticker", "ticker", "far too long a text"));
        assertEquals(400, refused.status());
        assertEquals("too_large", refused.code());
        assertEquals("text is longer than 10", refused.getMessage());
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> publisher.publish("no spaces", "ticker", "x"));
        assertThrows(IllegalArgumentException.class, () -> ParleyPublisher.create(URI.create("http://h/"), " "));
        assertThrows(IllegalArgumentException.class, () -> ParleyPublisher.create(URI.create("ftp://h/"), "t"));
        assertEquals(List.of(), requests);
    }
}
