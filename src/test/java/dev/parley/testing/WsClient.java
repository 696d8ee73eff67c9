package dev.parley.testing;

import jakarta.websocket.CloseReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tests' one WebSocket client (the JDK's), for a Parley in this JVM and on a real server alike: sends JSON text,
 * collects every frame it receives, awaits with timeouts. HTTP/1.1 is forced: the JDK's default HTTP/2 upgrade attempt
 * hangs on some servers (Open Liberty).
 */
public final class WsClient extends FrameClient {

    /** Connecting and HTTP requests: a server just deployed on a busy machine took over 10 s to answer its first. */
    public static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(30);

    public static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(NETWORK_TIMEOUT)
            .build();

    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri, boolean batch) throws Exception {
        super(batch);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(NETWORK_TIMEOUT)
                .header("Origin", "http://" + uri.getHost() + ":" + uri.getPort());
        if (batch) {
            builder.subprotocols(BATCH);
        }
        socket = builder.buildAsync(uri, new Collector()).get(NETWORK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects without consuming anything. */
    public static WsClient connectRaw(URI uri) throws Exception {
        return new WsClient(uri, false);
    }

    /** Connects and consumes the welcome frame. */
    public static WsClient connect(URI uri) throws Exception {
        return welcomed(connectRaw(uri));
    }

    /** Connects offering {@value #BATCH} and consumes the welcome frame. */
    public static WsClient connectBatched(URI uri) throws Exception {
        return welcomed(connectRawBatched(uri));
    }

    /** Connects offering {@value #BATCH}, without consuming anything. */
    public static WsClient connectRawBatched(URI uri) throws Exception {
        return new WsClient(uri, true);
    }

    private static WsClient welcomed(WsClient client) throws Exception {
        try {
            client.expect("welcome");
        } catch (Throwable failure) {
            client.close(); // no connection left open to skew the tests that follow
            throw failure;
        }
        return client;
    }

    /** Connects, joins {@code room} as {@code name}, consumes welcome and joined. */
    public static WsClient joined(URI uri, String room, String name) throws Exception {
        return joinOrClose(connect(uri), room, name);
    }

    /** Connects offering {@value #BATCH}, joins {@code room} as {@code name}, consumes welcome and joined. */
    public static WsClient joinedBatched(URI uri, String room, String name) throws Exception {
        return joinOrClose(connectBatched(uri), room, name);
    }

    /** Sends one text frame and waits until it is written; sends on one socket must not overlap. */
    @Override
    public synchronized void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a frame the server answers by closing. The close can overtake the end of the send, which then fails after
     * the frame went out; the close, which the caller awaits, is what counts.
     */
    public void sendExpectingClose(String text) {
        try {
            send(text);
        } catch (Exception closedWhileSending) {
            // see above
        }
    }

    /** The subprotocol the server selected, "" for none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** The close code and reason the server sent. */
    public CloseReason awaitClose() throws Exception {
        return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The close code the server sent. */
    public int awaitCloseCode() throws Exception {
        return awaitClose().getCloseCode().getCode();
    }

    /** Whether the server's close (or the loss of the connection) has arrived. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Whether the connection ends (a close frame, or the TCP connection lost) within {@code wait}. */
    public boolean closesWithin(Duration wait) throws InterruptedException {
        try {
            closed.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException never) {
            throw new AssertionError(never); // closed is only ever completed normally
        } catch (TimeoutException open) {
            return false;
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> null).join();
        }
        socket.abort();
    }

    /** Joins text fragments into whole messages and parses them; asks for one message at a time. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new CloseReason(CloseReason.CloseCodes.getCloseCode(statusCode), reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            // The connection was lost without a close frame: 1006, as the WebSocket API reports it.
            closed.complete(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, String.valueOf(error)));
        }
    }
}
