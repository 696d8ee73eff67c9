package dev.parley.application;

import dev.parley.config.AuthConfig;
import dev.parley.domain.Identity;
import dev.parley.domain.UserName;
import dev.parley.identity.TokenRefused;
import dev.parley.identity.TokenVerifier;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.SignIn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Who may use a connection (docs/operations.md, "Identity"). In open mode anyone, under the name of the first join or
 * of the container's login. With {@code parley.auth=jwt} a connection signs in with an {@code auth} frame carrying a
 * token: before that every frame but {@code ping} is refused ({@code unauthorized}), without it within
 * {@code authTimeoutMillis} the connection is closed, and it stays open while its token is good, renewed by more
 * {@code auth} frames of the same user. Both transports get this through {@link ChatService}, which calls it under
 * the connection's monitor.
 */
public final class Authentication {

    private static final Logger LOG = Logger.getLogger(Authentication.class.getName());

    /** When a connection must have signed in or renewed, and the close it gets otherwise. */
    private record Deadline(Instant at, CloseCause cause) {
    }

    private final TokenVerifier verifier;
    private final SignIn signIn;
    private final Duration timeout;
    private final Clock clock;
    /** Every jwt-mode connection still open; none in open mode. */
    private final Map<Connection, Deadline> deadlines = new ConcurrentHashMap<>();

    private Authentication(TokenVerifier verifier, SignIn signIn, Duration timeout, Clock clock) {
        this.verifier = verifier;
        this.signIn = signIn;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Open mode: no tokens, today's typed names and the container's login. */
    public static Authentication open() {
        return new Authentication(null, null, Duration.ZERO, Clock.systemUTC());
    }

    /** {@code parley.auth=jwt}: tokens checked by {@code verifier}, deadlines on {@code clock}. */
    public static Authentication jwt(AuthConfig config, TokenVerifier verifier, Clock clock) {
        return new Authentication(verifier, new SignIn(config.tokenUrl()),
                Duration.ofMillis(config.authTimeoutMillis()), clock);
    }

    /** What {@code welcome} tells clients about signing in; null in open mode. */
    SignIn signIn() {
        return signIn;
    }

    /** A new connection: in open mode the container's user is bound; in jwt mode its time to sign in starts. */
    void opened(Connection connection, UserName principal) {
        if (verifier == null) {
            if (principal != null) {
                connection.bind(Identity.named(principal));
            }
            return;
        }
        deadlines.put(connection, new Deadline(clock.instant().plus(timeout), CloseCause.AUTH_TIMEOUT));
    }

    /** Refuses every frame but {@code ping} and {@code auth} of a jwt-mode connection that has not signed in. */
    void admit(Connection connection, ClientFrame frame) {
        if (verifier != null && connection.identity() == null
                && !(frame instanceof ClientFrame.Ping) && !(frame instanceof ClientFrame.Auth)) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "sign in first: send auth with a token", frame.ref());
        }
    }

    /**
     * Binds the name a join speaks under: a connection's first join names it in open mode; once bound (that join, the
     * container's login, a token), a join may omit the name or repeat it, and another one is refused.
     */
    void name(Connection connection, ClientFrame.Join join) {
        UserName bound = connection.name();
        if (bound == null && join.name() == null) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "name is required on the first join", join.ref());
        }
        if (bound != null && join.name() != null && !bound.equals(join.name())) {
            throw new ChatException(ErrorCode.BAD_REQUEST,
                    "this connection is already named '" + bound + "'", join.ref());
        }
        if (bound == null) {
            connection.bind(Identity.named(join.name()));
        }
    }

    /**
     * Signs the connection in, or renews its token: the same user (the token's {@code sub}) keeps the name it has and
     * gets the new token's expiry and grants.
     *
     * @throws ChatException {@code unauthorized}, closing the connection, for a refused token or another user's
     */
    ServerFrame.Authenticated authenticate(Connection connection, ClientFrame.Auth auth) {
        if (verifier == null) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "this server signs nobody in with auth frames "
                    + "(parley.auth=open)", auth.ref());
        }
        Identity token;
        try {
            token = verifier.verify(auth.token());
        } catch (TokenRefused e) {
            LOG.info(() -> connection + ": token refused: " + e.getMessage());
            throw new ChatException(ErrorCode.UNAUTHORIZED, e.getMessage(), auth.ref(), CloseCause.UNAUTHORIZED);
        }
        Identity current = connection.identity();
        if (current != null && !current.subject().equals(token.subject())) {
            LOG.info(() -> connection + ": refused a token of another user than the connection's");
            throw new ChatException(ErrorCode.UNAUTHORIZED, "the token is another user's than this connection's",
                    auth.ref(), CloseCause.UNAUTHORIZED);
        }
        Identity bound = current == null ? token
                : new Identity(token.subject(), current.name(), token.grants(), token.expires());
        connection.bind(bound);
        deadlines.put(connection, new Deadline(bound.expires(), CloseCause.TOKEN_EXPIRED));
        return new ServerFrame.Authenticated(bound.name(), bound.expires(), bound.grants());
    }

    /** The connection is closed: nothing more to watch. */
    void closed(Connection connection) {
        deadlines.remove(connection);
    }

    /** The connections whose deadline has passed; {@link #overdue(Connection)} says again under each one's monitor. */
    List<Connection> overdue() {
        Instant now = clock.instant();
        return deadlines.entrySet().stream().filter(entry -> !entry.getValue().at().isAfter(now))
                .map(Map.Entry::getKey).toList();
    }

    /** Why the connection must close now (no auth in time, or its token expired), or null. */
    CloseCause overdue(Connection connection) {
        Deadline deadline = deadlines.get(connection);
        return deadline == null || deadline.at().isAfter(clock.instant()) ? null : deadline.cause();
    }
}
