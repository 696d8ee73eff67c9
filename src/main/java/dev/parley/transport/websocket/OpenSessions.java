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
import dev.parley.transport.ConnectionWatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open {@code /chat} session of this deployment. A timer looks at each one a few times per ping interval: it
 * pings the quiet ones, closes the dead ones (nothing heard for {@code idleTimeoutMillis}: an idle timeout alone
 * never fires for a half-open client in a busy room, the server keeps writing to it) and the stuck ones (a send
 * slower than {@code sendTimeoutMillis}). When the application stops, every session is closed with 1001.
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

    private final Map<SessionOutbox, Connection> open = new ConcurrentHashMap<>();
    private ConnectionWatch watch;
    /** Runs batched sessions' delayed sends; only with a write delay. */
    private ScheduledExecutorService flushes;

    /** A session as the endpoint holds it: its writer and its connection to the chat. */
    record Live(SessionOutbox outbox, Connection connection) {
    }

    @PostConstruct
    void start() {
        watch = new ConnectionWatch("parley-sessions", tickMillis(config), this::tick);
        if (config.writeDelayMillis() > 0) {
            // Not the watch's one thread: with many batched sessions, starting their sends is real work.
            flushes = Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors(),
                    daemon("parley-flush"));
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A few looks per ping interval or send timeout, whichever is shorter; at least every second. */
    static long tickMillis(ParleyConfig config) {
        return Math.max(20, Math.min(1000, Math.min(config.pingIntervalMillis(), config.sendTimeoutMillis()) / 5));
    }

    /**
     * Connects a new session to the chat. When the container authenticated the user, that name is bound to the
     * connection; a name that cannot be a chat name closes the session with 1008 (and answers null).
     */
    Live open(Session session) {
        SessionOutbox outbox = new SessionOutbox(session, config, metrics, System::nanoTime,
                this::flushLater, this::closeLater);
        Principal principal = session.getUserPrincipal();
        UserName user = null;
        if (principal != null) {
            try {
                user = new UserName(principal.getName());
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "session " + session.getId() + ": signed-in user " + LogText.quote(principal.getName())
                        + " is not a valid chat name, closing with " + CloseCause.IDENTITY.code());
                outbox.closeSession(CloseCause.IDENTITY);
                return null;
            }
        }
        Connection connection = chat.connect(new NewConnection(outbox, Transport.WEBSOCKET, user));
        outbox.label(connection.toString());
        open.put(outbox, connection);
        UserName signedIn = user;
        // FINE, not INFO: a storm of thousands of connects would be thousands of lines, each a cost on the connect path.
        LOG.fine(() -> connection + " opened" + (signedIn == null ? "" : " for " + LogText.quote(signedIn.value())));
        return new Live(outbox, connection);
    }

    /** The session was closed, by either side: its connection leaves the chat. */
    void closed(Live live, CloseReason reason) {
        metrics.closed(reason.getCloseCode().getCode());
        if (live == null) {
            return; // refused at open
        }
        String who = LOG.isLoggable(Level.FINE) ? live.connection().describe() : null; // before it leaves its rooms
        if (open.remove(live.outbox()) != null) {
            chat.disconnect(live.connection());
            LOG.fine(() -> who + " closed with " + reason.getCloseCode().getCode());
        }
    }

    /** Closes the session now, for {@code cause}: its connection leaves the chat first. */
    void close(Live live, CloseCause cause) {
        String who = live.connection().describe();
        if (open.remove(live.outbox()) != null) {
            chat.disconnect(live.connection());
            if (cause.isSlowConsumer()) {
                metrics.slowConsumerCut();
            }
            // A failed send is mostly a client that vanished mid-send: worth a line, not a warning.
            Level level = cause.isClientGone() ? Level.INFO : Level.WARNING;
            LOG.log(level, () -> who + ": " + cause.reason() + ", closing with " + cause.code());
        }
        live.outbox().closeSession(cause);
    }

    /** For closes asked for under locks (a flood seen by the chat, an overflow seen in a drain). */
    private void closeLater(SessionOutbox outbox, CloseCause cause) {
        watch.later(() -> {
            Connection connection = open.get(outbox);
            if (connection != null) {
                close(new Live(outbox, connection), cause);
            } else {
                outbox.closeSession(cause);
            }
        });
    }

    /** A batched session's send, after the write delay. */
    private void flushLater(Runnable flush, long delayNanos) {
        try {
            flushes.schedule(flush, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.fine("stopping: a delayed send is dropped; its session is closed with 1001");
        }
    }

    private void tick() {
        long now = System.nanoTime();
        open.forEach((outbox, connection) -> {
            CloseCause cause = outbox.check(now);
            if (cause != null) {
                close(new Live(outbox, connection), cause);
            }
        });
    }

    /** Everyone is leaving: no presence to tell, just a 1001 to every session so that clients come back later. */
    @PreDestroy
    void stop() {
        watch.close();
        if (flushes != null) {
            flushes.shutdownNow();
        }
        int count = open.size();
        open.keySet().removeIf(outbox -> {
            outbox.closeSession(CloseCause.SHUTDOWN);
            return true;
        });
        LOG.info(() -> "stopping: closed " + count + " sessions with " + CloseCause.SHUTDOWN.code());
    }
}
