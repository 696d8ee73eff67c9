package dev.parley.blackbox;

import static dev.parley.blackbox.BlackBox.API_TOKEN;
import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.PrometheusText;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side of the deployed WAR: the API (with WebSocket members watching what it publishes), /health, /metrics
 * after a scripted session, and the ticker example. One class, so that the server starts and deploys once (Payara
 * Micro's adapter starts a server per deployment).
 */
class HttpOnServerIT extends OnServer {

    private static final String CONNECTIONS = "parley_connections";
    private static final String JOINS = "parley_frames_in_total{type=\"join\"}";
    private static final String MESSAGES_IN = "parley_frames_in_total{type=\"message\"}";
    private static final String INVALID_IN = "parley_frames_in_total{type=\"invalid\"}";
    private static final String FROM_WEBSOCKET = "parley_messages_published_total{origin=\"websocket\"}";
    private static final String FROM_HTTP = "parley_messages_published_total{origin=\"http\"}";
    private static final String DELIVERIES = "parley_deliveries_total";
    private static final String BAD_REQUESTS = "parley_errors_total{code=\"bad_request\"}";
    private static final String RATE_ERRORS = "parley_errors_total{code=\"rate_limited\"}";
    private static final String RATE_LIMITED = "parley_rate_limited_frames_total";
    private static final String CLOSES_1000 = "parley_closes_total{code=\"1000\"}";
    private static final String FANOUTS = "parley_fanout_seconds_count";
    private static final String ROOMS = "parley_rooms";

    @Test
    void aPublishReachesAMemberWithTheNextSeq() throws Exception {
        try (WsClient ada = WsClient.joined(server.chat, room, "ada")) {
            ada.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"first\"}");
            ada.expect("ack");
            ada.expect("message");

            HttpResponse<String> response = server.publish(room, "ticker", "PRLY 42.00");

            assertEquals(202, response.statusCode(), response.body());
            JsonObject answer = json(response.body());
            assertEquals(room, answer.getString("room"));
            assertEquals(2, answer.getInt("seq"));
            JsonObject message = ada.expect("message");
            assertEquals(2, message.getInt("seq"));
            assertEquals("ticker", message.getString("user"));
            assertEquals("PRLY 42.00", message.getString("text"));
            assertEquals(answer.getString("ts"), message.getString("ts"));
        }
    }

    @Test
    void publishedMessagesAreInHistoryAndRecoveryEvenWithoutMembers() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals(202, server.publish(room, "ticker", "m" + i).statusCode());
        }

        HttpResponse<String> history = server.get("api/rooms/" + room + "/messages?before=3&limit=5", API_TOKEN);
        assertEquals(200, history.statusCode(), history.body());
        assertEquals(List.of("m1", "m2"), texts(json(history.body()).getJsonArray("messages")));

        try (WsClient bob = WsClient.connect(server.chat)) {
            bob.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"bob\",\"since\":1}");
            JsonObject joined = bob.expect("joined");
            assertTrue(joined.getBoolean("recovered"));
            assertEquals(List.of("m2", "m3"), texts(joined.getJsonArray("history")));
        }
    }

    @Test
    void theOperatorMakesARoomPrivateGivesRolesAndBans() throws Exception {
        String base = "api/rooms/" + room;
        HttpResponse<String> made = server.put(base, "{\"access\":\"private\"}", API_TOKEN);
        assertEquals(200, made.statusCode(), made.body());
        assertEquals("private", json(made.body()).getString("access"));
        assertEquals(200, server.put(base + "/members/mod", "{\"role\":\"moderator\"}", API_TOKEN).statusCode());
        assertEquals(200, server.put(base + "/members/bob", "{\"role\":\"member\"}", API_TOKEN).statusCode());

        try (WsClient mod = WsClient.joined(server.chat, room, "mod");
             WsClient bob = WsClient.joined(server.chat, room, "bob");
             WsClient eve = WsClient.connect(server.chat)) {
            mod.expect("presence");
            eve.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"eve\"}");
            assertError(eve.expect("error"), "forbidden");
            eve.send("{\"type\":\"kick\",\"room\":\"" + room + "\",\"user\":\"bob\"}");
            assertError(eve.expect("error"), "forbidden");

            mod.send("{\"type\":\"kick\",\"room\":\"" + room + "\",\"user\":\"bob\"}");
            assertEquals("kicked", bob.expect("left").getString("reason"));
            bob.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            bob.expect("joined");

            HttpResponse<String> banned = server.put(base + "/bans/bob", "", API_TOKEN);
            assertEquals(200, banned.statusCode(), banned.body());
            assertEquals("banned", bob.expect("left").getString("reason"));
            bob.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            assertError(bob.expect("error"), "forbidden");
            assertEquals(204, server.delete(base + "/bans/bob", API_TOKEN).statusCode());
            assertEquals(404, server.delete(base + "/bans/bob", API_TOKEN).statusCode());
            bob.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            bob.expect("joined");
        }
        assertEquals(204, server.delete(base + "/members/bob", API_TOKEN).statusCode());
        assertEquals(404, server.delete(base + "/members/bob", API_TOKEN).statusCode());
        assertEquals(json("{\"room\":\"" + room + "\",\"access\":\"private\",\"members\":{\"mod\":\"moderator\"},"
                + "\"bans\":[]}"), json(server.get(base + "/access", API_TOKEN).body()));
    }

    @Test
    void badRoomAccessInputIs400And401WithoutTheToken() throws Exception {
        String base = "api/rooms/" + room;
        for (HttpResponse<String> refused : List.of(
                server.put(base, "{\"access\":\"secret\"}", API_TOKEN),
                server.put(base, "{}", API_TOKEN),
                server.put("api/rooms/bad%20room", "{\"access\":\"private\"}", API_TOKEN),
                server.put(base + "/members/ada", "{\"role\":\"admin\"}", API_TOKEN),
                server.put(base + "/members/" + "x".repeat(256), "{\"role\":\"member\"}", API_TOKEN))) {
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("bad_request", json(refused.body()).getString("code", null), refused.body());
        }
        // A control character in the path: some containers refuse the request themselves, all with 400.
        assertEquals(400, server.put(base + "/members/a%0Ab", "{\"role\":\"member\"}", API_TOKEN).statusCode());
        assertEquals(401, server.put(base + "/bans/eve", "", null).statusCode());
        assertEquals(401, server.put(base, "{\"access\":\"private\"}", "wrong").statusCode());
    }

    @Test
    void roomsListsMembersAndLatestSeq() throws Exception {
        try (WsClient ada = WsClient.joined(server.chat, room, "ada")) {
            server.publish(room, "ticker", "hello");
            ada.expect("message");

            HttpResponse<String> response = server.get("api/rooms", API_TOKEN);

            assertEquals(200, response.statusCode());
            JsonObject mine = json(response.body()).getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                    .filter(r -> r.getString("room").equals(room)).findFirst().orElseThrow();
            assertEquals(1, mine.getInt("members"));
            assertEquals(1, mine.getInt("seq"));
        }
    }

    @Test
    void aMissingOrWrongTokenIs401WithAJsonBody() throws Exception {
        String body = "{\"user\":\"ticker\",\"text\":\"x\"}";
        for (String token : new String[] {null, "wrong-token", API_TOKEN + "x"}) {
            HttpResponse<String> response = server.post("api/rooms/" + room + "/messages", body, token);
            assertEquals(401, response.statusCode(), "token " + token);
            assertEquals("unauthorized", json(response.body()).getString("code"));
        }
        assertEquals(401, server.get("api/rooms", null).statusCode());
        assertEquals(0, json(server.get("api/rooms/" + room + "/messages", API_TOKEN).body())
                .getJsonArray("messages").size(), "nothing was published");
    }

    @Test
    void aBadRoomUserOrTextIs400WithAJsonBody() throws Exception {
        assertRefused(400, "bad_request", "api/rooms/bad%20room/messages", "{\"user\":\"ticker\",\"text\":\"x\"}");
        assertRefused(400, "bad_request", "api/rooms/" + room + "/messages", "{\"user\":\"\",\"text\":\"x\"}");
        assertRefused(400, "bad_request", "api/rooms/" + room + "/messages", "{\"user\":\"ticker\",\"text\":\"\"}");
        assertRefused(400, "bad_request", "api/rooms/" + room + "/messages", "{\"user\":\"ticker\"}");
        assertRefused(400, "bad_request", "api/rooms/" + room + "/messages", "not json");
        assertRefused(400, "too_large", "api/rooms/" + room + "/messages",
                "{\"user\":\"ticker\",\"text\":\"" + "x".repeat(4001) + "\"}");
        assertRefused(413, "too_large", "api/rooms/" + room + "/messages",
                "{\"user\":\"ticker\",\"text\":\"" + "x".repeat(65536) + "\"}");
    }

    @Test
    void concurrentHttpAndWebSocketSendersMakeOneGaplessOrder() throws Exception {
        int perSender = 30;
        List<WsClient> members = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                members.add(WsClient.joined(server.chat, room, "member" + i));
            }
            WsClient wsSender = members.get(0);
            List<Future<?>> sending = new ArrayList<>();
            sending.add(threads.submit(() -> {
                for (int n = 0; n < perSender; n++) {
                    wsSender.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"ws " + n + "\"}");
                }
                return null;
            }));
            for (int h = 0; h < 2; h++) {
                int from = h;
                sending.add(threads.submit(() -> {
                    for (int n = 0; n < perSender; n++) {
                        assertEquals(202, server.publish(room, "api" + from, "http" + from + " " + n).statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get(3 * WsClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }

            int total = 3 * perSender;
            List<List<String>> seen = new ArrayList<>();
            for (WsClient member : members) {
                List<String> texts = new ArrayList<>();
                while (texts.size() < total) {
                    JsonObject frame = member.next();
                    if (frame.getString("type").equals("message")) {
                        assertEquals(texts.size() + 1, frame.getInt("seq"), "gap or reordering");
                        texts.add(frame.getString("text"));
                    }
                }
                for (String sender : List.of("ws ", "http0 ", "http1 ")) {
                    assertSendOrderKept(texts, sender, perSender);
                }
                seen.add(texts);
            }
            seen.forEach(texts -> assertEquals(seen.get(0), texts, "every member sees the same order"));
        } finally {
            threads.shutdownNow();
            members.forEach(WsClient::close);
        }
    }

    @Test
    void healthIsUpAndReady() throws Exception {
        HttpResponse<String> response = server.get("health", null);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response.body());
        assertEquals(json("{\"status\":\"UP\",\"live\":true,\"ready\":true}"),
                Json.createObjectBuilder(health).remove("broker").remove("archive").build());
        JsonObject broker = health.getJsonObject("broker");
        assertEquals("memory", broker.getString("type"), "a node without parley.redisUri runs alone, in memory");
        assertTrue(broker.getBoolean("up"));
        JsonObject archive = health.getJsonObject("archive");
        assertEquals("h2", archive.getString("type"), "the embedded archive is the default");
        assertTrue(archive.getBoolean("up"));
        assertTrue(archive.getString("detail").startsWith("embedded in "), archive::toString);
    }

    @Test
    void theApiDescriptionIsServedWithoutAToken() throws Exception {
        HttpResponse<String> response = server.get("api/openapi.json", null);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers()::toString);
        assertEquals(json(Files.readString(Path.of("src/main/resources/dev/parley/api/openapi.json"))),
                json(response.body()), "the document in the WAR, as OpenApiDocumentTest checked it");
    }

    @Test
    void theCountersShowExactlyTheSessionsEvents() throws Exception {
        // Connections of earlier tests may still be closing on the server: start once they are all gone.
        PrometheusText before = awaitMetric(server, CONNECTIONS, 0);

        int sent = 0;
        int acked = 0;
        int limited = 0;
        try (WsClient ada = WsClient.joined(server.chat, room, "ada")) {
            assertEquals(before.value(CONNECTIONS) + 1, scrape(server).value(CONNECTIONS));
            ada.send("this is not JSON");
            ada.expect("error");
            // Batches beyond the burst (40) until the rate limit answers: a slow machine may send slower than it refills.
            for (int batch = 0; limited == 0 && batch < 20; batch++) {
                for (int i = 0; i < 50; i++, sent++) {
                    ada.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"m" + sent + "\"}");
                }
                while (acked + limited < sent) {
                    JsonObject frame = ada.next();
                    switch (frame.getString("type")) {
                        case "ack" -> acked++;
                        case "error" -> {
                            assertEquals("rate_limited", frame.getString("code"));
                            limited++;
                        }
                        default -> assertEquals("message", frame.getString("type"));
                    }
                }
            }
            assertTrue(limited > 0, "the rate limit never answered");
            assertEquals(202, server.publish(room, "ticker", "from http").statusCode());
            ada.await(frame -> frame.getString("type").equals("message")
                    && frame.getString("text").equals("from http"));
        }
        PrometheusText after = awaitMetric(server, CLOSES_1000, before.value(CLOSES_1000) + 1);

        Map<String, Double> expected = Map.ofEntries(
                Map.entry(JOINS, 1.0), Map.entry(MESSAGES_IN, (double) sent), Map.entry(INVALID_IN, 1.0),
                Map.entry(FROM_WEBSOCKET, (double) acked), Map.entry(FROM_HTTP, 1.0),
                Map.entry(DELIVERIES, acked + 1.0), Map.entry(FANOUTS, acked + 1.0),
                Map.entry(BAD_REQUESTS, 1.0), Map.entry(RATE_ERRORS, (double) limited),
                Map.entry(RATE_LIMITED, (double) limited), Map.entry(CLOSES_1000, 1.0),
                Map.entry(CONNECTIONS, 0.0), Map.entry(ROOMS, 1.0));
        expected.forEach((series, delta) ->
                assertEquals(delta, after.value(series) - before.value(series), 1e-9, series));
    }

    @Test
    void servesThePrometheusTextFormatWithJvmMetrics() throws Exception {
        HttpResponse<String> response = server.get("metrics", null);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(response.body().contains("# TYPE parley_frames_in_total counter")
                || response.body().contains("# TYPE parley_messages_published_total counter"), response.body());
        assertTrue(response.body().contains("jvm_memory_used_bytes"), "JVM basics expected");
    }

    private static PrometheusText scrape(BlackBox server) throws Exception {
        HttpResponse<String> response = server.get("metrics", null);
        assertEquals(200, response.statusCode(), response.body());
        return new PrometheusText(response.body());
    }

    /** The server handles a close after the client's close completed: waits until the series shows the value. */
    private static PrometheusText awaitMetric(BlackBox server, String series, double value) throws Exception {
        long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
        PrometheusText page = scrape(server);
        while (page.value(series) != value && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            page = scrape(server);
        }
        assertEquals(value, page.value(series), 1e-9, series);
        return page;
    }

    @Test
    void theTickerExampleRunsAndAMemberSeesEveryUpdate() throws Exception {
        int updates = 8;
        Path output = Files.createTempFile("ticker", ".log");
        try (WsClient watcher = WsClient.joined(server.chat, room, "watcher")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // As its README runs it, on the Java client's jar, which the build made before this suite.
            ProcessBuilder command = new ProcessBuilder(java, "-cp", "clients/java/target/parley-client.jar",
                    "examples/ticker/Ticker.java",
                    "--url", server.page.toString(), "--room", room, "--per-second", "20",
                    "--count", String.valueOf(updates), "--seconds", "60")
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            command.environment().put("PARLEY_API_TOKEN", BlackBox.API_TOKEN); // as the example's README allows
            Process ticker = command.start();
            ticker.getOutputStream().close();
            assertTrue(ticker.waitFor(60, TimeUnit.SECONDS) || destroy(ticker), "the ticker did not finish");
            assertEquals(0, ticker.exitValue(), Files.readString(output));

            List<String> texts = new ArrayList<>();
            for (int seq = 1; seq <= updates; seq++) {
                JsonObject message = watcher.expect("message");
                assertEquals(seq, message.getInt("seq"));
                assertEquals("ticker", message.getString("user"));
                texts.add(message.getString("text"));
            }
            assertTrue(texts.get(0).matches("PRLY \\d+\\.\\d\\d [▲▼]\\d+\\.\\d\\d"), texts.get(0));
            assertTrue(texts.get(1).startsWith("ACME "), texts.get(1));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean destroy(Process process) {
        process.destroyForcibly();
        return false;
    }

    private void assertRefused(int status, String code, String path, String body) throws Exception {
        HttpResponse<String> response = server.post(path, body, API_TOKEN);
        assertEquals(status, response.statusCode(), path + " " + response.body());
        JsonObject error = json(response.body());
        assertEquals(code, error.getString("code"));
        assertTrue(error.getString("message").length() > 0);
    }

    /** Each sender's messages arrive in the order it sent them. */
    private static void assertSendOrderKept(List<String> texts, String prefix, int count) {
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            expected.add(prefix + n);
        }
        assertEquals(expected, texts.stream().filter(t -> t.startsWith(prefix)).toList());
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static List<String> texts(JsonArray messages) {
        return messages.getValuesAs(JsonObject.class).stream().map(m -> m.getString("text")).toList();
    }
}
