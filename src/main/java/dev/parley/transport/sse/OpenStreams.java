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
import dev.parley.transport.Delivery;
import dev.parley.transport.OpenConnections;
import dev.parley.transport.Outbox;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Every open fallback stream of this deployment ({@link OpenConnections}), by the token that names it in POSTs. A
 * token is good exactly while its stream is open: every close removes it first. Quiet streams get a comment line,
 * stuck ones (a write not taken within {@code sendTimeoutMillis}) and silent ones (no POST for
 * {@code idleTimeoutMillis}) are closed. When the application stops, every stream ends with a {@code close} event
 * (1001).
 */
@ApplicationScoped
public class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TICK_MILLIS = 200;
    /** A stream that carried nothing for this long gets a comment; idle proxies drop connections after 30-60 s. */
    static final long HEARTBEAT_MILLIS = 15_000;

    @Inject
    ChatService chat;

    @Inject
    ParleyConfig config;

    @Inject
    ChatMetrics metrics;

    LongSupplier nanoTime = System::nanoTime;

    private final Map<String, Stream> byToken = new ConcurrentHashMap<>();
    private final Map<Outbox, String> tokens = new ConcurrentHashMap<>();
    private OpenConnections open;

    /**
     * An open stream: the token that names it, its writer and wire, its connection to the chat, and who opened it.
     *
     * @param principal the container's name for the user who opened it, or null: every POST must come from the same
     */
    record Stream(String token, Outbox outbox, StreamWire wire, Connection connection, String principal) {
    }

    @PostConstruct
    void start() {
        open = new OpenConnections("fallback streams", TICK_MILLIS, chat, metrics, nanoTime, (outbox, cause) -> {
            byToken.remove(tokens.remove(outbox));
            metrics.streamClosed(cause.code());
        });
    }

    /** How a stream's outbox sends: each frame an event, everything queued in one write, the token first. */
    static Delivery delivery(String token, ParleyConfig config) {
        return new Delivery(Events::frame, Delivery.Batching.ALL, 0, Delivery.Keepalive.WHEN_SILENT,
                Math.min(HEARTBEAT_MILLIS, config.pingIntervalMillis()), Events.token(token));
    }

    /**
     * Connects a new stream to the chat: its first event is its token, the next one {@code welcome}. Nothing is
     * written until the container first calls the wire's {@code onWritePossible}.
     *
     * @param user      the signed-in user, bound to the connection, or null
     * @param principal the container's name for that user, or null
     */
    Stream open(Output output, UserName user, String principal) {
        String token = newToken();
        StreamWire wire = new StreamWire(output);
        Outbox outbox = new Outbox(wire, delivery(token, config), config, metrics, nanoTime, null, open::closeLater);
        wire.opening(outbox);
        Connection connection = chat.connect(new NewConnection(outbox, Transport.FALLBACK, user));
        Stream stream = new Stream(token, outbox, wire, connection, principal);
        tokens.put(outbox, token);
        byToken.put(token, stream);
        LOG.fine(() -> connection + " opened over the fallback"
                + (user == null ? "" : " for " + LogText.quote(user.value())));
        open.add(outbox, connection);
        return stream;
    }

    /** The open stream this token names, or null (never issued, or its stream has closed). */
    Stream find(String token) {
        return token == null ? null : byToken.get(token);
    }

    /** Closes the stream's connection for {@code cause}: its token stops working, it leaves the chat, then it ends. */
    void close(Stream stream, CloseCause cause) {
        open.close(stream.outbox(), cause);
    }

    /** The container ended the response (the client went away, or an error): the connection leaves the chat. */
    void ended(Stream stream) {
        if (open.connection(stream.outbox()) != null) {
            close(stream, CloseCause.SEND_FAILED);
        }
    }

    /** How many streams are open. */
    int size() {
        return open.size();
    }

    /** Looks at every stream once: heartbeats, send timeouts, idle connections. */
    void tick() {
        open.tick();
    }

    /** Everyone is leaving: no presence to tell, just a close event (1001) on every stream. */
    @PreDestroy
    void stop() {
        open.close();
        byToken.clear();
        tokens.clear();
    }

    /** 144 random bits: a token is a bearer credential for its connection while the stream is open. */
    private static String newToken() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
