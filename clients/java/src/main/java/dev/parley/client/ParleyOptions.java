package dev.parley.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * How a {@link ParleyClient} connects: {@code ParleyOptions.builder().name("ada").build()}. Immutable.
 *
 * @param name the name to join with; null when the server names the user (a token, the container's sign-in)
 * @param token the JSON Web Token for a server with {@code parley.auth=jwt}, asked on every connection and again
 *     before the token expires; null for none
 * @param origin the {@code Origin} the handshake sends; by default the server's own (a program is no page of another
 *     site, and Parley refuses handshakes without one unless {@code allowMissingOrigin}); null sends none
 * @param renewBefore how long before it expires a token is renewed (at the latest after four fifths of its time)
 * @param outboxFrames frames queued on one connection at most; more ends it (the reconnect recovers), and at most this
 *     many messages wait for their acks: one more is refused with {@code outbox_full}
 * @param pingEvery a {@code ping} frame after this long on an open connection
 * @param silenceLimit a connection (or a handshake) given up after this long without a word from the server
 * @param backoffBase the first reconnect's delay ceiling, doubled per attempt
 * @param backoffMax the highest ceiling
 * @param unavailableRetry a message or join the server could not take for the moment goes again after 1-2 times this
 * @param http the HTTP client the WebSocket is opened with
 */
public record ParleyOptions(String name, Supplier<? extends CompletionStage<String>> token, String origin,
        boolean defaultOrigin, Duration renewBefore, int outboxFrames, Duration pingEvery, Duration silenceLimit,
        Duration backoffBase, Duration backoffMax, Duration unavailableRetry, HttpClient http) {

    public ParleyOptions {
        positive(renewBefore, "renewBefore");
        positive(pingEvery, "pingEvery");
        positive(silenceLimit, "silenceLimit");
        positive(backoffBase, "backoffBase");
        positive(backoffMax, "backoffMax");
        positive(unavailableRetry, "unavailableRetry");
        if (outboxFrames < 1) {
            throw new IllegalArgumentException("outboxFrames must be at least 1, not " + outboxFrames);
        }
        Objects.requireNonNull(http, "http");
    }

    /** Defaults, joining as {@code name}. */
    public static ParleyOptions named(String name) {
        return builder().name(name).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, not " + duration);
        }
    }

    /** Builds {@link ParleyOptions}; every setting has a default but the name or token. */
    public static final class Builder {
        private String name;
        private Supplier<? extends CompletionStage<String>> token;
        private String origin;
        private boolean defaultOrigin = true;
        private Duration renewBefore = Duration.ofSeconds(60);
        private int outboxFrames = 1000;
        private Duration pingEvery = Duration.ofSeconds(20);
        private Duration silenceLimit = Duration.ofSeconds(10);
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(15);
        private Duration unavailableRetry = Duration.ofSeconds(2);
        private HttpClient http;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A supplier of tokens, called on the client's thread: return a stage and fetch elsewhere, never block. */
        public Builder token(Supplier<? extends CompletionStage<String>> token) {
            this.token = token;
            return this;
        }

        /** One token for every connection (it is not renewed: a new one needs a supplier). */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            this.token = () -> CompletableFuture.completedFuture(token);
            return this;
        }

        /** The {@code Origin} to send; null sends none. */
        public Builder origin(String origin) {
            this.origin = origin;
            this.defaultOrigin = false;
            return this;
        }

        public Builder renewBefore(Duration renewBefore) {
            this.renewBefore = renewBefore;
            return this;
        }

        public Builder outboxFrames(int outboxFrames) {
            this.outboxFrames = outboxFrames;
            return this;
        }

        public Builder pingEvery(Duration pingEvery) {
            this.pingEvery = pingEvery;
            return this;
        }

        public Builder silenceLimit(Duration silenceLimit) {
            this.silenceLimit = silenceLimit;
            return this;
        }

        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        public Builder unavailableRetry(Duration unavailableRetry) {
            this.unavailableRetry = unavailableRetry;
            return this;
        }

        public Builder http(HttpClient http) {
            this.http = http;
            return this;
        }

        public ParleyOptions build() {
            return new ParleyOptions(name, token, origin, defaultOrigin, renewBefore, outboxFrames, pingEvery,
                    silenceLimit, backoffBase, backoffMax, unavailableRetry,
                    http != null ? http : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }
    }
}
