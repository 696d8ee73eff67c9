package dev.parley.client;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code auth} sign-in of a connection (docs/protocol.md, Signing in): asks the token supplier, sends its token,
 * and renews it before it expires, on the same connection. A token fetched for a connection that has ended meanwhile
 * is not sent on the next. Runs on the loop.
 */
final class SignIn {

    private final ParleyOptions options;
    private final Loop loop;
    private final Link link;
    private final Consumer<ParleyException> failed;
    private int connection; // counts connections
    private ScheduledFuture<?> renewal;

    SignIn(ParleyOptions options, Loop loop, Link link, Consumer<ParleyException> failed) {
        this.options = options;
        this.loop = loop;
        this.link = link;
        this.failed = failed;
    }

    /** Whether there is a token supplier to sign in with. */
    boolean possible() {
        return options.token() != null;
    }

    /** Asks the supplier and sends {@code auth}; a supplier that fails ends the connection, and the reconnect asks again. */
    void authenticate() {
        int asked = connection;
        CompletionStage<String> token;
        try {
            token = options.token().get();
        } catch (RuntimeException e) {
            token = CompletableFuture.failedFuture(e);
        }
        token.whenCompleteAsync((value, failure) -> {
            if (asked != connection) {
                return;
            }
            if (failure != null || value == null) {
                failed.accept(new ParleyException("token", "The token supplier failed: "
                        + (failure == null ? "no token" : failure.getMessage()), "auth"));
                link.drop("no token");
            } else {
                link.send(Frames.auth(value));
            }
        }, loop);
    }

    /** A good {@code auth}: the token is renewed {@code renewBefore} before {@code expires}, at most after 4/5 of it. */
    void authenticated(Instant expires) {
        stop();
        if (expires != null) {
            long left = expires.toEpochMilli() - System.currentTimeMillis();
            long delay = Math.max(0, left - Math.min(options.renewBefore().toMillis(), left / 5));
            renewal = loop.executor().schedule(this::authenticate, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The connection ended: no renewal, and nothing asked for it is sent. */
    void down() {
        connection++;
        stop();
    }

    void stop() {
        if (renewal != null) {
            renewal.cancel(false);
        }
    }
}
