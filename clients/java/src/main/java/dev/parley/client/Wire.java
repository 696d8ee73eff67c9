package dev.parley.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket to Parley. It writes with one {@code sendText} in flight, as java.net.http.WebSocket requires, the
 * next one started from the completion of the last, from a bounded queue: a queue that overflows (the server or the
 * network does not keep up) ends the connection, as the server does with a slow client, and the reconnect recovers.
 * Every method and every event runs on the client's one thread ({@code loop}), so nothing is locked.
 */
final class Wire implements WebSocket.Listener {

    /** What the wire reports, on the loop. */
    interface Events {
        void opened(Wire wire);

        void text(Wire wire, String text);

        /** Once per wire, however it ended. */
        void ended(Wire wire, int code, String reason);
    }

    static final int ABNORMAL = 1006;

    private final Loop loop;
    private final Events events;
    private final int queueLimit;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder(); // touched only by the listener, which is sequential
    private WebSocket socket;
    private boolean sending;
    private boolean ended;

    private Wire(Loop loop, Events events, int queueLimit) {
        this.loop = loop;
        this.events = events;
        this.queueLimit = queueLimit;
    }

    /** Opens a wire to {@code uri}, offering parley.batch, with {@code origin} unless null. */
    static Wire open(HttpClient http, URI uri, String origin, Duration timeout, int queueLimit, Loop loop,
            Events events) {
        Wire wire = new Wire(loop, events, queueLimit);
        WebSocket.Builder builder = http.newWebSocketBuilder().subprotocols(Frames.SUBPROTOCOL).connectTimeout(timeout);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        builder.buildAsync(uri, wire).whenComplete((socket, failure) -> {
            boolean handed = loop.offer(() -> {
                if (failure != null) {
                    wire.end(ABNORMAL, "could not connect: " + failure.getMessage());
                } else if (wire.ended) {
                    socket.abort(); // given up while the handshake ran
                } else {
                    wire.socket = socket;
                    wire.events.opened(wire);
                    wire.pump();
                }
            });
            if (!handed && socket != null) {
                socket.abort(); // the client was closed while the handshake ran
            }
        });
        return wire;
    }

    /** Queues {@code text}; false when the wire has ended (or has just ended because its queue overflowed). */
    boolean send(String text) {
        if (ended) {
            return false;
        }
        if (queue.size() >= queueLimit) {
            abort("outbox overflow: " + queueLimit + " frames queued");
            return false;
        }
        queue.add(text);
        pump();
        return true;
    }

    /** Ends the wire with a close frame; {@link Events#ended} follows at once. */
    void close() {
        if (ended) {
            return;
        }
        WebSocket open = socket;
        end(WebSocket.NORMAL_CLOSURE, "closed by the client");
        if (open != null) {
            // A close cannot overtake a text being written; then the connection is simply dropped.
            CompletableFuture<WebSocket> closing = sending
                    ? CompletableFuture.failedFuture(new IllegalStateException("a send is in flight"))
                    : open.sendClose(WebSocket.NORMAL_CLOSURE, "").toCompletableFuture();
            closing.orTimeout(2, TimeUnit.SECONDS).whenComplete((ws, failure) -> open.abort());
        }
    }

    /** Drops the connection without a close frame (a silent or overflowing connection). */
    void abort(String reason) {
        WebSocket open = socket;
        end(ABNORMAL, reason);
        if (open != null) {
            open.abort();
        }
    }

    private void pump() {
        if (sending || ended || socket == null || queue.isEmpty()) {
            return;
        }
        sending = true;
        socket.sendText(queue.poll(), true).whenCompleteAsync((ws, failure) -> {
            sending = false;
            if (failure != null) {
                abort("send failed: " + failure.getMessage());
            } else {
                pump();
            }
        }, loop);
    }

    private void end(int code, String reason) {
        if (ended) {
            return;
        }
        ended = true;
        queue.clear();
        events.ended(this, code, reason);
    }

    // ---- WebSocket.Listener: called by the HTTP client's threads, one call at a time; each hops onto the loop ----

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            loop.execute(() -> {
                if (!ended) {
                    events.text(this, text);
                }
            });
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        loop.execute(() -> end(statusCode, reason));
        return null; // the implementation answers the close
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        loop.execute(() -> end(ABNORMAL, String.valueOf(error.getMessage())));
    }
}
