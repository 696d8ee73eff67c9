package dev.parley.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * One connection at a time, kept open while wanted: a {@link Wire}, a heartbeat that notices a silent server, and
 * reconnects with full-jitter backoff (a random delay up to a ceiling that doubles per attempt, so clients dropped
 * together do not return together). It carries text and knows no frame but the ping it is given. Runs on the loop.
 */
final class Link implements Wire.Events {

    private final HttpClient http;
    private final URI uri;
    private final String origin;
    private final ParleyOptions options;
    private final Loop loop;
    private final DoubleSupplier random;
    private final Consumer<String> text;
    private final Runnable down;
    private final Consumer<String> status;
    private Wire wire;
    private boolean wanted;
    private int attempt;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> ping;
    private ScheduledFuture<?> silence;

    Link(HttpClient http, URI uri, String origin, ParleyOptions options, Loop loop,
            DoubleSupplier random, Consumer<String> text, Runnable down, Consumer<String> status) {
        this.http = http;
        this.uri = uri;
        this.origin = origin;
        this.options = options;
        this.loop = loop;
        this.random = random;
        this.text = text; // a message from the server
        this.down = down; // the connection is over; a reconnect follows unless the link was closed
        this.status = status; // connecting, reconnecting, offline
    }

    /** Keeps a connection open from now on. */
    void connect() {
        wanted = true;
        if (wire == null) {
            open();
        }
    }

    /** Ends the connection for good: no reconnect. */
    void close() {
        wanted = false;
        cancel(retry);
        if (wire != null) {
            wire.close();
        }
        status.accept("offline");
    }

    /** Gives the current connection up; the reconnect follows after the backoff. */
    void drop(String reason) {
        if (wire != null) {
            wire.abort(reason);
        }
    }

    /** Whether {@code text} was handed to an open connection. */
    boolean send(String text) {
        return wire != null && wire.send(text);
    }

    /** The connection does what it is for: the next reconnect starts from the shortest delay. */
    void resetBackoff() {
        attempt = 0;
    }

    /** The delay before reconnect attempt {@code attempt} (from 0): full jitter under a doubling ceiling. */
    static long backoffMillis(int attempt, long baseMillis, long maxMillis, double random) {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt, 30));
        return (long) (random * ceiling);
    }

    private void open() {
        cancel(retry);
        status.accept("connecting");
        wire = Wire.open(http, uri, origin, options.silenceLimit(), options.outboxFrames(), loop, this);
        watchSilence(); // also bounds a handshake that hangs
    }

    @Override
    public void opened(Wire from) {
        if (from != wire) {
            return;
        }
        cancel(ping);
        long every = options.pingEvery().toMillis();
        ping = loop.executor().scheduleAtFixedRate(() -> {
            if (from == wire && from.send(Frames.ping()) && (silence == null || silence.isDone())) {
                watchSilence();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void text(Wire from, String message) {
        if (from == wire) {
            cancel(silence);
            text.accept(message);
        }
    }

    @Override
    public void ended(Wire from, int code, String reason) {
        if (from != wire) {
            return;
        }
        wire = null;
        cancel(ping);
        cancel(silence);
        down.run();
        if (wanted) {
            long delay = backoffMillis(attempt++, options.backoffBase().toMillis(), options.backoffMax().toMillis(),
                    random.getAsDouble());
            retry = loop.executor().schedule(this::open, delay, TimeUnit.MILLISECONDS);
            status.accept("reconnecting");
        }
    }

    private void watchSilence() {
        cancel(silence);
        Wire watched = wire;
        silence = loop.executor().schedule(() -> {
            if (watched == wire) {
                watched.abort("the server was silent for " + options.silenceLimit().toMillis() + " ms");
            }
        }, options.silenceLimit().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
