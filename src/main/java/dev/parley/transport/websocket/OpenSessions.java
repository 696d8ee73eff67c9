package dev.parley.transport.websocket;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.application.Connection;
import dev.parley.application.LogText;
import dev.parley.application.NewConnection;
import dev.parley.application.Transport;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.UserName;
import dev.parley.protocol.CloseCause;
import dev.parley.transport.Delivery;
import dev.parley.transport.FlushTimer;
import dev.parley.transport.OpenConnections;
import dev.parley.transport.Outbox;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.security.Principal;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Every open {@code /chat} session of this deployment ({@link OpenConnections}): quiet sessions are pinged, dead ones
 * (nothing heard for {@code idleTimeoutMillis}: an idle timeout alone never fires for a half-open client in a busy
 * room, the server keeps writing to it) and stuck ones (a send slower than {@code sendTimeoutMillis}) are closed. When
 * the application stops, every session is closed with 1001.
 */
@ApplicationScoped
public class OpenSessions {

    private static final Logger LOG = Logger.getLogger(OpenSessions.class.getName());

    @Inject
    ChatService chat;

    @Inject
    ParleyConfig config;

    @Inject
    ChatMetrics metrics;

    private OpenConnections open;
    /** How sessions send, one for each kind: every session of a kind shares it. */
    private Delivery plain;
    private Delivery batched;
    private FlushTimer flushTimer;
    /** Runs batched sessions' delayed sends; only with a write delay. */
    private ScheduledExecutorService flushes;

    /** A session as the endpoint holds it: its writer and its connection to the chat. */
    record Live(Outbox outbox, Connection connection) {
    }

    @PostConstruct
    void start() {
        open = new OpenConnections("sessions", tickMillis(config), chat, metrics, System::nanoTime,
                (outbox, cause) -> { });
        flushTimer = this::flushLater;
        plain = delivery(false, config);
        batched = delivery(true, config);
        if (config.writeDelayMillis() > 0) {
            // Not the watch's one thread: with many batched sessions, starting their sends is real work.
            flushes = Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
                Thread thread = new Thread(task, "parley-flush");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** A few looks per ping interval or send timeout, whichever is shorter; at least every second. */
    static long tickMillis(ParleyConfig config) {
        return Math.max(20, Math.min(1000, Math.min(config.pingIntervalMillis(), config.sendTimeoutMillis()) / 5));
    }

    /** How a session's outbox sends: one frame per text, or for {@code parley.batch} lines joined, maybe delayed. */
    static Delivery delivery(boolean batched, ParleyConfig config) {
        return new Delivery(null, batched ? Delivery.Batching.LINES : Delivery.Batching.NONE,
                batched ? config.writeDelayMillis() : 0, Delivery.Keepalive.WHEN_UNHEARD, config.pingIntervalMillis(),
                null);
    }

    /**
     * Connects a new session to the chat. When the container authenticated the user, that name is bound to the
     * connection; a name that cannot be a chat name closes the session with 1008 (and answers null).
     */
    Live open(Session session) {
        Delivery delivery = ChatHandshake.BATCH.equals(session.getNegotiatedSubprotocol()) ? batched : plain;
        Outbox outbox = new Outbox(new SessionWire(session), delivery, config, metrics,
                System::nanoTime, flushTimer, open::closeLater);
        Principal principal = session.getUserPrincipal();
        UserName user = null;
        if (principal != null) {
            try {
                user = new UserName(principal.getName());
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "session " + session.getId() + ": signed-in user " + LogText.quote(principal.getName())
                        + " is not a valid chat name, closing with " + CloseCause.IDENTITY.code());
                outbox.end(CloseCause.IDENTITY);
                return null;
            }
        }
        Connection connection = chat.connect(new NewConnection(outbox, Transport.WEBSOCKET, user));
        open.add(outbox, connection);
        UserName signedIn = user;
        // FINE, not INFO: a storm of thousands of connects would be thousands of lines, each a cost on the connect path.
        LOG.fine(() -> connection + " opened" + (signedIn == null ? "" : " for " + LogText.quote(signedIn.value())));
        return new Live(outbox, connection);
    }

    /**
     * The session was closed, by either side: its connection leaves the chat, then the close is counted, so that a
     * scrape that shows the close no longer counts the connection.
     */
    void closed(Live live, CloseReason reason) {
        if (live != null) { // null: refused at open
            open.gone(live.outbox(), reason.getCloseCode().getCode());
        }
        metrics.closed(reason.getCloseCode().getCode());
    }

    /** Closes the session now, for {@code cause}: its connection leaves the chat first. */
    void close(Live live, CloseCause cause) {
        open.close(live.outbox(), cause);
    }

    /** A batched session's send, after the write delay. */
    private void flushLater(Runnable flush, long delayNanos) {
        try {
            flushes.schedule(flush, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.fine("stopping: a delayed send is dropped; its session is closed with 1001");
        }
    }

    /** Everyone is leaving: no presence to tell, just a 1001 to every session so that clients come back later. */
    @PreDestroy
    void stop() {
        open.close();
        if (flushes != null) {
            flushes.shutdownNow();
        }
    }
}
