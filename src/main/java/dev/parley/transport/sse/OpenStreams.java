package dev.parley.transport.sse;

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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open fallback stream of this deployment, by the token that names it in POSTs. A token is good exactly while
 * its stream is open: every close removes it first. A timer looks at each stream a few times a second: it writes a
 * comment into the quiet ones, and closes the stuck ones (a write not taken within {@code sendTimeoutMillis}) and the
 * silent ones (no POST for {@code idleTimeoutMillis}). When the application stops, every stream ends with a
 * {@code close} event (1001).
 */
@ApplicationScoped
public class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TICK_MILLIS = 200;

    @Inject
    ChatService chat;

    @Inject
    ParleyConfig config;

    @Inject
    ChatMetrics metrics;

    LongSupplier nanoTime = System::nanoTime;

    private final Map<String, Stream> byToken = new ConcurrentHashMap<>();
    private final Map<StreamOutbox, Stream> byOutbox = new ConcurrentHashMap<>();
    private ConnectionWatch watch;
    private volatile boolean stopped;

    /**
     * An open stream: the token that names it, its writer, its connection to the chat, and who opened it.
     *
     * @param principal the container's name for the user who opened it, or null: every POST must come from the same
     */
    record Stream(String token, StreamOutbox outbox, Connection connection, String principal) {
    }

    @PostConstruct
    void start() {
        watch = new ConnectionWatch("parley-streams", TICK_MILLIS, this::tick);
    }

    /**
     * Connects a new stream to the chat: its first event is its token, the next one {@code welcome}.
     *
     * @param user      the signed-in user, bound to the connection, or null
     * @param principal the container's name for that user, or null
     */
    Stream open(Wire wire, UserName user, String principal) {
        String token = newToken();
        StreamOutbox outbox = new StreamOutbox(wire, Events.token(token), config, metrics, nanoTime, this::closeLater);
        Connection connection = chat.connect(new NewConnection(outbox, Transport.FALLBACK, user));
        outbox.label(connection.toString());
        Stream stream = new Stream(token, outbox, connection, principal);
        byOutbox.put(outbox, stream);
        byToken.put(token, stream);
        LOG.fine(() -> connection + " opened over the fallback"
                + (user == null ? "" : " for " + LogText.quote(user.value())));
        if (stopped) { // opened while stop() went through the streams: it must not outlive the application
            close(stream, CloseCause.SHUTDOWN);
        }
        return stream;
    }

    /** The open stream this token names, or null (never issued, or its stream has closed). */
    Stream find(String token) {
        return token == null ? null : byToken.get(token);
    }

    /** Closes the stream's connection for {@code cause}: its token stops working, it leaves the chat, then it ends. */
    void close(Stream stream, CloseCause cause) {
        if (byToken.remove(stream.token(), stream)) {
            byOutbox.remove(stream.outbox());
            String who = stream.connection().describe();
            chat.disconnect(stream.connection());
            metrics.streamClosed(cause.code());
            if (cause.isSlowConsumer()) {
                metrics.slowConsumerCut();
            }
            // A broken stream is mostly a client that left: an event stream has no goodbye.
            Level level = cause.isClientGone() ? Level.INFO : Level.WARNING;
            LOG.log(level, () -> who + " (fallback): " + cause.reason() + ", closing with " + cause.code());
        }
        stream.outbox().end(cause);
    }

    /** The container ended the response (the client went away, or an error): the connection leaves the chat. */
    void ended(Stream stream) {
        if (byToken.containsKey(stream.token())) {
            close(stream, CloseCause.SEND_FAILED);
        }
    }

    /** How many streams are open. */
    int size() {
        return byToken.size();
    }

    /** For closes asked for under locks (a flood seen by the chat, an overflow seen in a drain). */
    private void closeLater(StreamOutbox outbox, CloseCause cause) {
        watch.later(() -> {
            Stream stream = byOutbox.get(outbox);
            if (stream != null) {
                close(stream, cause);
            } else {
                outbox.end(cause);
            }
        });
    }

    /** Looks at every stream once: heartbeats, send timeouts, idle connections. */
    void tick() {
        long now = nanoTime.getAsLong();
        byOutbox.forEach((outbox, stream) -> {
            CloseCause cause = outbox.check(now);
            if (cause != null) {
                close(stream, cause);
            }
        });
    }

    /** Everyone is leaving: no presence to tell, just a close event (1001) on every stream. */
    @PreDestroy
    void stop() {
        stopped = true;
        watch.close();
        int count = byToken.size();
        byToken.values().removeIf(stream -> {
            stream.outbox().end(CloseCause.SHUTDOWN);
            return true;
        });
        byOutbox.clear();
        LOG.info(() -> "stopping: closed " + count + " fallback streams with " + CloseCause.SHUTDOWN.code());
    }

    /** 144 random bits: a token is a bearer credential for its connection while the stream is open. */
    private static String newToken() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
