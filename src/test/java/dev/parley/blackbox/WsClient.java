package dev.parley.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client over the network (the JDK's): sends JSON text, collects every frame it receives, awaits with
 * timeouts. HTTP/1.1 is forced: the JDK's default HTTP/2 upgrade attempt hangs on some servers (Open Liberty).
 */
final class WsClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) throws Exception {
        socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, new Collector())
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects without consuming anything. */
    static WsClient connectRaw(URI uri) throws Exception {
        return new WsClient(uri);
    }

    /** Connects and consumes the welcome frame. */
    static WsClient connect(URI uri) throws Exception {
        WsClient client = connectRaw(uri);
        client.expect("welcome");
        return client;
    }

    /** Connects, joins {@code room} as {@code name}, consumes welcome and joined. */
    static WsClient joined(URI uri, String room, String name) throws Exception {
        WsClient client = connect(uri);
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        client.expect("joined");
        return client;
    }

    /** Sends one text frame and waits until it is written; sends on one socket must not overlap. */
    synchronized void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame, which must be of the given type. */
    JsonObject expect(String type) throws InterruptedException {
        JsonObject frame = next();
        assertEquals(type, frame.getString("type"), () -> "unexpected frame " + frame);
        return frame;
    }

    /** The next frame, whatever it is. */
    JsonObject next() throws InterruptedException {
        JsonObject frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(frame, "no frame within " + TIMEOUT);
        return frame;
    }

    /** Skips frames until one matches. */
    JsonObject await(Predicate<JsonObject> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame != null && wanted.test(frame)) {
                return frame;
            }
        }
        return fail("no matching frame within " + TIMEOUT);
    }

    /** Sends a ping and expects its pong next: proves nothing else was queued for this client. */
    void expectNothingElse() throws Exception {
        send("{\"type\":\"ping\"}");
        JsonObject frame = next();
        assertEquals("pong", frame.getString("type"), () -> "expected nothing before pong, got " + frame);
    }

    /** The close code the server sent. */
    int awaitCloseCode() throws Exception {
        return closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> null).join();
        }
        socket.abort();
    }

    static void assertError(JsonObject frame, String code) {
        assertEquals("error", frame.getString("type"), () -> "expected an error, got " + frame);
        assertEquals(code, frame.getString("code"), () -> "wrong code in " + frame);
        assertTrue(frame.getString("message").length() > 0);
    }

    /** Joins text fragments into whole messages and parses them; asks for one message at a time. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
