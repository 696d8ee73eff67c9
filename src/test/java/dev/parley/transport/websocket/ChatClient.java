package dev.parley.transport.websocket;

import dev.parley.testing.FrameClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.tyrus.client.ClientManager;

/** A real WebSocket client for the tests: sends JSON text, collects every frame it receives, awaits with timeouts. */
final class ChatClient extends FrameClient {

    /**
     * One client container for every test client. A manager per client lets one client's teardown terminate the
     * scheduler another client's send still uses (RejectedExecutionException from TyrusSession's idle timeout).
     */
    private static final ClientManager MANAGER = ClientManager.createClient();

    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;

    private ChatClient(ClientManager manager, URI uri, boolean batch) throws Exception {
        super(batch);
        session = manager.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(8 << 20);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) ChatClient.this::received);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().preferredSubprotocols(batch ? List.of(BATCH) : List.of())
                .configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Origin", List.of("http://" + uri.getHost() + ":" + uri.getPort()));
            }
        }).build(), uri);
    }

    /** The client container every test client shares; never shut it down (see MANAGER). */
    static ClientManager manager() {
        return MANAGER;
    }

    /** Connects and consumes the welcome frame. */
    static ChatClient connect(ParleyServer server) throws Exception {
        ChatClient client = connectRaw(server);
        client.expect("welcome");
        return client;
    }

    /** Connects without consuming anything. */
    static ChatClient connectRaw(ParleyServer server) throws Exception {
        return new ChatClient(MANAGER, server.chatUri(), false);
    }

    /** Connects offering {@value #BATCH}, without consuming anything. */
    static ChatClient connectBatched(ParleyServer server) throws Exception {
        return new ChatClient(MANAGER, server.chatUri(), true);
    }

    /** Connects offering {@value #BATCH}, joins {@code room} as {@code name} and consumes welcome and joined. */
    static ChatClient joinedBatched(ParleyServer server, String room, String name) throws Exception {
        ChatClient client = connectBatched(server);
        client.expect("welcome");
        client.join(room, name);
        return client;
    }

    /** Connects, joins {@code room} as {@code name} and consumes welcome and joined. */
    static ChatClient joined(ParleyServer server, String room, String name) throws Exception {
        return joined(server.chatUri(), room, name);
    }

    /** The same through another address, such as a proxy's. */
    static ChatClient joined(URI uri, String room, String name) throws Exception {
        ChatClient client = new ChatClient(MANAGER, uri, false);
        client.expect("welcome");
        client.join(room, name);
        return client;
    }

    @Override
    public void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /**
     * Sends a frame the server answers by closing. The close can overtake the end of the send: Tyrus's client then
     * throws from sendText (an IOException, or a RejectedExecutionException from the session's idle timer, shut down
     * with the session) after the frame went out. The close code, which the caller awaits, is what counts.
     */
    void sendExpectingClose(String text) {
        try {
            send(text);
        } catch (IOException | RuntimeException closedWhileSending) {
            // see above
        }
    }

    /** The subprotocol the server selected, "" for none. */
    String subprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Whether the server closes the connection within {@code wait}. */
    boolean closesWithin(Duration wait) throws Exception {
        try {
            closed.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException open) {
            return false;
        }
    }

    /** The close reason the server sent. */
    CloseReason awaitClose() throws Exception {
        return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
