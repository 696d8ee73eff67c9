package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/** A real WebSocket client for the tests: sends JSON text, collects every frame it receives, awaits with timeouts. */
final class ChatClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * One client container for every test client. A manager per client lets one client's teardown terminate the
     * scheduler another client's send still uses (RejectedExecutionException from TyrusSession's idle timeout).
     */
    private static final ClientManager MANAGER = ClientManager.createClient();

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;

    private ChatClient(ClientManager manager, URI uri) throws Exception {
        session = manager.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(8 << 20);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                        frames.add(Json.createReader(new StringReader(text)).readObject()));
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
    }

    /** Connects and consumes the welcome frame. */
    static ChatClient connect(ParleyServer server) throws Exception {
        ChatClient client = connectRaw(server);
        client.expect("welcome");
        return client;
    }

    /** Connects without consuming anything. */
    static ChatClient connectRaw(ParleyServer server) throws Exception {
        return new ChatClient(MANAGER, server.chatUri());
    }

    /** Connects, joins {@code room} as {@code name} and consumes welcome and joined. */
    static ChatClient joined(ParleyServer server, String room, String name) throws Exception {
        ChatClient client = connect(server);
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        client.expect("joined");
        return client;
    }

    void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
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

    /** Sends a ping and expects only its pong: proves nothing else was queued for this client. */
    void expectNothingElse() throws Exception {
        send("{\"type\":\"ping\"}");
        JsonObject frame = next();
        assertEquals("pong", frame.getString("type"), () -> "expected nothing before pong, got " + frame);
    }

    /** The close reason the server sent. */
    CloseReason awaitClose() throws Exception {
        return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }

    static void assertError(JsonObject frame, String code) {
        assertEquals("error", frame.getString("type"), () -> "expected an error, got " + frame);
        assertEquals(code, frame.getString("code"), () -> "wrong code in " + frame);
        assertTrue(frame.getString("message").length() > 0);
    }
}
