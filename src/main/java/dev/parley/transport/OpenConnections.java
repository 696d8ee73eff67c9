package dev.parley.transport;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.application.Connection;
import dev.parley.protocol.CloseCause;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A transport's open connections, each by its {@link Outbox}, and the one way they close: {@link #close} takes the
 * connection out (once, whoever asks first), it leaves the chat (presence {@code leave} to the others), then its outbox
 * ends the wire with the cause's code. A watch thread looks at every connection a few times per ping interval (send
 * timeouts, idle clients, keepalives) and runs the closes asked for under locks ({@link #closeLater}). Stopping ends
 * every connection with 1001 and tells no presence: everyone is leaving.
 */
public final class OpenConnections implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OpenConnections.class.getName());

    private final String name;
    private final ChatService chat;
    private final ChatMetrics metrics;
    private final LongSupplier nanoTime;
    private final BiConsumer<Outbox, CloseCause> onClose;
    private final Map<Outbox, Connection> open = new ConcurrentHashMap<>();
    private final ConnectionWatch watch;
    private volatile boolean stopped;

    /**
     * @param name    what the connections are ("sessions", "fallback streams"), in log lines and the thread's name
     * @param onClose what the transport does when one of its connections closes for a cause (a metric, a token)
     */
    public OpenConnections(String name, long tickMillis, ChatService chat, ChatMetrics metrics, LongSupplier nanoTime,
                           BiConsumer<Outbox, CloseCause> onClose) {
        this.name = name;
        this.chat = chat;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.onClose = onClose;
        this.watch = new ConnectionWatch("parley-" + name.replace(' ', '-'), tickMillis, this::tick);
    }

    /** Registers a connected outbox; one opened while the transport stops is closed at once (1001). */
    public void add(Outbox outbox, Connection connection) {
        outbox.label(connection.toString());
        open.put(outbox, connection);
        if (stopped) {
            close(outbox, CloseCause.SHUTDOWN);
        }
    }

    /** The open connection of this outbox, or null once it has closed. */
    public Connection connection(Outbox outbox) {
        return open.get(outbox);
    }

    public int size() {
        return open.size();
    }

    /** Closes the outbox's connection for {@code cause}: it leaves the chat, then the wire ends. Runs once. */
    public void close(Outbox outbox, CloseCause cause) {
        Connection connection = open.remove(outbox);
        if (connection != null) {
            onClose.accept(outbox, cause);
            String who = connection.describe() + " (" + connection.transport().wire() + ")"; // before it leaves
            chat.disconnect(connection);
            if (cause.isSlowConsumer()) {
                metrics.slowConsumerCut();
            }
            // A failed send is mostly a client that vanished mid-send: worth a line, not a warning.
            Level level = cause.isClientGone() ? Level.INFO : Level.WARNING;
            LOG.log(level, () -> who + ": " + cause.reason() + ", closing with " + cause.code());
        }
        outbox.end(cause);
    }

    /** The client's side ended the connection (a close frame, a reset): it leaves the chat. */
    public void gone(Outbox outbox, int code) {
        Connection connection = open.remove(outbox);
        outbox.ended();
        if (connection != null) {
            String who = LOG.isLoggable(Level.FINE) ? connection.describe() : null; // before it leaves
            chat.disconnect(connection);
            LOG.fine(() -> who + " closed with " + code);
        }
    }

    /** For closes asked for under locks (a flood seen by the chat, an overflow seen in a drain): soon, elsewhere. */
    public void closeLater(Outbox outbox, CloseCause cause) {
        watch.later(() -> close(outbox, cause));
    }

    /** Looks at every connection once: send timeouts, idle clients, keepalives. */
    public void tick() {
        long now = nanoTime.getAsLong();
        open.forEach((outbox, connection) -> {
            CloseCause cause = outbox.check(now);
            if (cause != null) {
                close(outbox, cause);
            }
        });
    }

    /** Everyone is leaving: no presence to tell, just a 1001 to every connection so that clients come back later. */
    @Override
    public void close() {
        stopped = true;
        watch.close();
        int count = open.size();
        open.keySet().removeIf(outbox -> {
            outbox.end(CloseCause.SHUTDOWN);
            return true;
        });
        LOG.info(() -> "stopping: closed " + count + " " + name + " connections with " + CloseCause.SHUTDOWN.code());
    }
}
