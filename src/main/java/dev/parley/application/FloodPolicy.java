package dev.parley.application;

import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.ErrorCode;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * How much a connection may send: every frame takes from a frame bucket, every message also from a message bucket, and
 * a connection that keeps running into the limits is flooding and is cut off. Rate limiting is logged at most every
 * ten seconds per connection, so that a flood cannot flood the log too.
 */
final class FloodPolicy {

    private static final Logger LOG = Logger.getLogger(FloodPolicy.class.getName());
    private static final long LOG_QUIET_NANOS = 10_000_000_000L;

    private final ParleyConfig config;
    private final ChatMetrics metrics;
    private final LongSupplier nanoTime;

    FloodPolicy(ParleyConfig config, ChatMetrics metrics, LongSupplier nanoTime) {
        this.config = config;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /** What one connection has left to send; guarded by its connection's monitor. */
    static final class Allowance {
        private final TokenBucket frames;
        private final TokenBucket messages;
        /** When it runs dry the connection is flooding; one error is forgiven per second. */
        private final TokenBucket rateLimitErrors;
        private long unlogged;
        private long loggedAt;

        private Allowance(TokenBucket frames, TokenBucket messages, TokenBucket rateLimitErrors) {
            this.frames = frames;
            this.messages = messages;
            this.rateLimitErrors = rateLimitErrors;
        }
    }

    Allowance newAllowance() {
        return new Allowance(new TokenBucket(config.framesPerSecond(), 2 * config.framesPerSecond(), nanoTime),
                new TokenBucket(config.messagesPerSecond(), config.messageBurst(), nanoTime),
                new TokenBucket(1, config.maxRateLimitErrors(), nanoTime));
    }

    /** Any frame, decodable or not. */
    void admitFrame(Connection connection, String ref) {
        if (!connection.allowance().frames.tryTake()) {
            throw refusal("more than " + config.framesPerSecond() + " frames per second", ref);
        }
    }

    void admitMessage(Connection connection, String ref) {
        if (!connection.allowance().messages.tryTake()) {
            throw refusal("more than " + config.messagesPerSecond() + " messages per second", ref);
        }
    }

    /**
     * Called once a refusal has been answered: true when the connection keeps running into the rate limit and must be
     * closed with {@link CloseCause#FLOODING}.
     */
    boolean floods(Connection connection, ChatException refusal) {
        if (refusal.code() != ErrorCode.RATE_LIMITED) {
            return false;
        }
        Allowance allowance = connection.allowance();
        if (!allowance.rateLimitErrors.tryTake()) {
            LOG.warning(connection.describe() + " keeps flooding past the rate limit, closing it with "
                    + CloseCause.FLOODING.code());
            return true;
        }
        allowance.unlogged++;
        long now = nanoTime.getAsLong();
        if (allowance.loggedAt == 0 || now - allowance.loggedAt >= LOG_QUIET_NANOS) {
            allowance.loggedAt = now == 0 ? 1 : now;
            long count = allowance.unlogged;
            allowance.unlogged = 0;
            String who = connection.describe();
            LOG.info(() -> who + ": " + count + " frames refused by the rate limit (" + refusal.getMessage() + ")");
        }
        return false;
    }

    private ChatException refusal(String message, String ref) {
        metrics.rateLimited();
        return new ChatException(ErrorCode.RATE_LIMITED, message, ref);
    }
}
