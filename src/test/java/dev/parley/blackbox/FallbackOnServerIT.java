package dev.parley.blackbox;

import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Await;
import dev.parley.testing.FrameClient;
import dev.parley.testing.SseClient;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fallback transport on the deployed WAR: event streams read line by line and POSTed frames, chatting with
 * WebSocket clients in the same rooms; the origin check, tokens, limits and a reader that cannot keep up.
 */
class FallbackOnServerIT extends OnServer {

    private static final String FOREIGN = "http://evil.example.com";

    @Test
    void theStreamIsUncachedEventsWithTheTokenFirstThenWelcome() throws Exception {
        try (SseClient client = SseClient.openRaw(server.page, SseClient.pageOrigin(server.page))) {
            HttpResponse<?> response = client.response();
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                    response.headers().toString());
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
            assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElse(null));
            assertTrue(client.token().length() >= 24);
            JsonObject welcome = client.expect("welcome");
            assertEquals(4000, welcome.getJsonObject("limits").getInt("maxTextChars"));
        }
    }

    @Test
    void aWebSocketClientAndAFallbackClientChatBothWaysWithPresenceAndTyping() throws Exception {
        try (WsClient ada = WsClient.joined(server.chat, room, "ada");
             SseClient bob = SseClient.connect(server.page)) {
            bob.send(frame("join", "\"name\":\"bob\""));
            assertEquals(List.of("ada", "bob"), strings(bob.expect("joined")));
            JsonObject arrived = ada.expect("presence");
            assertEquals("join", arrived.getString("event"));
            assertEquals("bob", arrived.getString("user"));

            bob.send(frame("message", "\"text\":\"hello over http\",\"id\":\"b1\""));
            assertEquals("b1", bob.expect("ack").getString("id"));
            assertEquals("hello over http", bob.expect("message").getString("text"));
            JsonObject toAda = ada.expect("message");
            assertEquals("bob", toAda.getString("user"));
            assertEquals("hello over http", toAda.getString("text"));

            ada.send(frame("message", "\"text\":\"hello over ws\""));
            ada.expect("ack");
            ada.expect("message");
            JsonObject toBob = bob.expect("message");
            assertEquals("ada", toBob.getString("user"));
            assertEquals("hello over ws", toBob.getString("text"));
            assertEquals(toAda.getInt("seq") + 1, toBob.getInt("seq"));

            JsonObject connections = json(server.get("api/connections", BlackBox.API_TOKEN).body());
            assertTrue(connections.getJsonObject("transports").getInt("fallback") >= 1, connections.toString());
            assertTrue(connections.getJsonObject("transports").getInt("websocket") >= 1, connections.toString());
            assertTrue(server.get("metrics", null).body().contains("parley_transport_connections{transport=\"fallback\"}"));

            bob.send(frame("typing", ""));
            assertEquals("bob", ada.expect("typing").getString("user"));
            ada.send(frame("typing", ""));
            assertEquals("ada", bob.expect("typing").getString("user"));

            bob.send(frame("leave", ""));
            bob.expect("left");
            JsonObject left = ada.expect("presence");
            assertEquals("leave", left.getString("event"));
            assertEquals("bob", left.getString("user"));
            ada.expectNothingElse();
            bob.expectNothingElse();
        }
    }

    @Test
    void severalFramesInOnePostAreHandledInOrderAndABadLineIsAnsweredOnTheStream() throws Exception {
        try (SseClient bob = SseClient.connect(server.page)) {
            bob.send(frame("join", "\"name\":\"bob\"") + "\n" + frame("message", "\"text\":\"one\",\"id\":\"1\"")
                    + "\r\nnot json\n\n" + frame("message", "\"text\":\"two\",\"id\":\"2\""));

            bob.expect("joined");
            assertEquals("1", bob.expect("ack").getString("id"));
            assertEquals("one", bob.expect("message").getString("text"));
            assertError(bob.expect("error"), "bad_request");
            assertEquals("2", bob.expect("ack").getString("id"));
            assertEquals("two", bob.expect("message").getString("text"));
        }
    }

    @Test
    void aFallbackClientRecoversWhatItMissedAfterAReconnect() throws Exception {
        try (WsClient ada = WsClient.joined(server.chat, room, "ada")) {
            JsonObject joined;
            try (SseClient bob = SseClient.connect(server.page)) {
                bob.send(frame("join", "\"name\":\"bob\""));
                joined = bob.expect("joined");
                for (String text : List.of("m1", "m2")) {
                    ada.send(frame("message", "\"text\":\"" + text + "\""));
                    bob.expect("message");
                }
            }
            for (String text : List.of("m3", "m4")) {
                ada.send(frame("message", "\"text\":\"" + text + "\""));
                ada.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("text")));
            }
            try (SseClient bob = SseClient.connect(server.page)) {
                bob.send(frame("join", "\"name\":\"bob\",\"since\":2,\"epoch\":\"" + joined.getString("epoch") + "\""));
                JsonObject rejoined = bob.expect("joined");
                assertTrue(rejoined.getBoolean("recovered"), rejoined.toString());
                assertEquals(List.of("m3", "m4"), rejoined.getJsonArray("history").getValuesAs(JsonObject.class)
                        .stream().map(m -> m.getString("text")).toList());
            }
        }
    }

    @Test
    void aForeignOriginIsRefusedOnTheStreamAndOnEveryPost() throws Exception {
        try (SseClient refused = SseClient.openRaw(server.page, FOREIGN)) {
            assertEquals(403, refused.response().statusCode());
        }
        try (SseClient noOrigin = SseClient.openRaw(server.page, null)) {
            assertEquals(403, noOrigin.response().statusCode(), "a program without Origin, allowMissingOrigin off");
        }
        try (WsClient ada = WsClient.joined(server.chat, room, "ada");
             SseClient bob = SseClient.joined(server.page, room, "bob")) {
            ada.expect("presence");
            HttpResponse<String> answer = bob.post(frame("message", "\"text\":\"forged\""), bob.token(), FOREIGN);
            assertEquals(403, answer.statusCode(), answer.body());
            assertEquals("forbidden", json(answer.body()).getString("code"));
            HttpResponse<String> noOrigin = bob.post(frame("message", "\"text\":\"forged\""), bob.token(), null);
            assertEquals(403, noOrigin.statusCode(), noOrigin.body());
            ada.expectNothingElse();
            bob.expectNothingElse();
        }
    }

    @Test
    void aStreamWithoutOriginFromTheSamePageIsAccepted() throws Exception {
        // A browser's EventSource to its own origin sends no Origin header, but Sec-Fetch-Site.
        HttpResponse<InputStream> response = WsClient.HTTP.send(HttpRequest.newBuilder(server.uri("fallback/stream"))
                        .timeout(WsClient.NETWORK_TIMEOUT).header("Sec-Fetch-Site", "same-origin").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertEquals(200, response.statusCode());
            assertEquals("event: token", new String(body.readNBytes(12), StandardCharsets.UTF_8));
        }
    }

    @Test
    void unknownStaleAndMissingTokensAreRefused() throws Exception {
        try (SseClient bob = SseClient.connect(server.page)) {
            String origin = SseClient.pageOrigin(server.page);
            HttpResponse<String> unknown = bob.post(frame("ping", ""), "x" + bob.token(), origin);
            assertEquals(410, unknown.statusCode(), unknown.body());
            assertEquals("stream_gone", json(unknown.body()).getString("code"));
            HttpResponse<String> missing = bob.post(frame("ping", ""), null, origin);
            assertEquals(400, missing.statusCode(), missing.body());

            // Flooding: every POSTed frame counts; past the limit the server ends the stream, and its token is dead.
            bob.send(String.join("\n", Collections.nCopies(200, frame("ping", ""))));
            assertEquals(1008, json(bob.awaitCloseEvent()).getInt("code"));
            bob.awaitEnd();
            HttpResponse<String> stale = bob.post(frame("ping", ""), bob.token(), origin);
            assertEquals(410, stale.statusCode(), stale.body());
        }
    }

    @Test
    void aBodyOverTheFrameLimitOrNotUtf8IsRefusedAndTheConnectionStays() throws Exception {
        try (SseClient bob = SseClient.connect(server.page)) {
            String origin = SseClient.pageOrigin(server.page);
            HttpResponse<String> tooBig = bob.post("x".repeat(65537), bob.token(), origin);
            assertEquals(413, tooBig.statusCode(), tooBig.body());
            assertEquals("too_large", json(tooBig.body()).getString("code"));
            HttpResponse<String> notUtf8 = bob.post(new byte[] {'{', (byte) 0xC3, '}'}, bob.token(), origin);
            assertEquals(400, notUtf8.statusCode(), notUtf8.body());
            bob.expectNothingElse();
        }
    }

    @Test
    void aReaderThatCannotKeepUpIsCutOffAndTheOthersGetEveryMessage() throws Exception {
        String text = "y".repeat(3900);
        try (WsClient ada = WsClient.joined(server.chat, room, "ada");
             SseClient slow = SseClient.stalled(server.page)) {
            String origin = SseClient.pageOrigin(server.page);
            HttpResponse<String> join = slow.post(frame("join", "\"name\":\"slow\""), slow.token(), origin);
            assertEquals(202, join.statusCode(), join.body());
            ada.expect("presence");

            AtomicBoolean cut = new AtomicBoolean();
            AtomicInteger published = new AtomicInteger();
            ExecutorService publishers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                running.add(publishers.submit(() -> {
                    // Bounded: the TCP buffers, the container's and the outbox (1024 frames) take a few thousand.
                    while (!cut.get() && published.get() < 20_000) {
                        assertEquals(202, server.publish(room, "ticker", text).statusCode());
                        published.incrementAndGet();
                    }
                    return null;
                }));
            }
            try {
                Await.until(Duration.ofSeconds(120), () -> {
                    try {
                        return slow.post(frame("ping", ""), slow.token(), origin).statusCode() == 410;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, "the stalled reader's token dies (cut off)");
            } finally {
                cut.set(true);
                for (Future<?> publisher : running) {
                    publisher.get(FrameClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                publishers.shutdown();
            }
            // ada reads on: every message in order up to the last one published, and the slow reader's leave.
            boolean leaveSeen = false;
            int seq = 0;
            while (seq < published.get() || !leaveSeen) {
                JsonObject frame = ada.next();
                if ("presence".equals(frame.getString("type"))) {
                    assertEquals("slow", frame.getString("user"));
                    assertEquals("leave", frame.getString("event"));
                    leaveSeen = true;
                } else {
                    assertEquals("message", frame.getString("type"), frame.toString());
                    assertEquals(++seq, frame.getInt("seq"));
                }
            }
            HttpResponse<String> metrics = server.get("metrics", null);
            assertTrue(metrics.body().contains("parley_fallback_closes_total{code=\"1013\"}"), "a 1013 close counted");
        }
    }

    private String frame(String type, String fields) {
        return "{\"type\":\"" + type + "\",\"room\":\"" + room + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    private static List<String> strings(JsonObject joined) {
        return joined.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
