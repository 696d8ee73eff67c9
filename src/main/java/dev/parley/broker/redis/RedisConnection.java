package dev.parley.broker.redis;

import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.config.ParleyConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's link to Redis and the threads that work for it: one command connection, one pub/sub connection, the
 * delivery threads that pass events on (never Lettuce's), and the one thread of periodic work (lease, canary).
 * Commands fail at once while Redis is unreachable (Lettuce would otherwise queue and replay them) and after
 * {@code redisTimeoutMillis} when it does not answer: both throw {@link BrokerUnavailableException}.
 */
final class RedisConnection implements AutoCloseable {

    private final long timeoutMillis;
    private final BrokerMetrics metrics;
    private final String address;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final ExecutorService deliveries;
    private final ScheduledExecutorService periodic;

    RedisConnection(ParleyConfig config, BrokerMetrics metrics) {
        // Netty would try SLF4J, then Log4j 2, before java.util.logging: on WildFly the Log4j 2 attempt logs a stack
        // trace per deployment. Netty is the WAR's own copy, so this choice is the deployment's alone.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        this.timeoutMillis = config.redisTimeoutMillis();
        this.metrics = metrics;
        RedisURI uri = RedisURI.create(config.redisUri().reveal());
        this.address = uri.getHost() + ":" + uri.getPort();
        this.resources = DefaultClientResources.create();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(timeoutMillis)))
                .build());
        try {
            this.commands = client.connect();
            this.pubsub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("cannot connect to Redis at parley.redisUri " + address, e);
        }
        this.deliveries = Executors.newFixedThreadPool(2, daemon("parley-redis-delivery"));
        this.periodic = Executors.newSingleThreadScheduledExecutor(daemon("parley-redis-lease"));
    }

    /** Where Redis is, without what the URI may hold besides (a password). */
    String address() {
        return address;
    }

    RedisAsyncCommands<String, String> redis() {
        return commands.async();
    }

    StatefulRedisPubSubConnection<String, String> pubsub() {
        return pubsub;
    }

    RedisPubSubAsyncCommands<String, String> subscriptions() {
        return pubsub.async();
    }

    boolean isOpen() {
        return commands.isOpen() && pubsub.isOpen();
    }

    /** The threads that pass events on, one room at a time per {@link RoomFeed}. */
    ExecutorService deliveries() {
        return deliveries;
    }

    void every(long millis, Runnable task) {
        periodic.scheduleWithFixedDelay(task, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic work; what runs now may still finish. */
    void stopPeriodic() {
        periodic.shutdownNow();
    }

    /** Runs one of the scripts and awaits its answer. */
    List<Object> run(RedisScripts.Script script, String[] keys, String... args) {
        return await(RedisScripts.run(redis(), script, keys, args));
    }

    /** Runs one of the scripts, awaits its answer and reports its round trip as {@code command}, answered or not. */
    List<Object> timed(String command, RedisScripts.Script script, String[] keys, String... args) {
        long start = System.nanoTime();
        try {
            return run(script, keys, args);
        } finally {
            metrics.roundTrip(command, System.nanoTime() - start);
        }
    }

    <T> T await(CompletionStage<T> command) {
        try {
            return command.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("Redis did not answer within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("Redis refused or failed a command: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    /** Redis's {@code run_id}: another one means Redis restarted, and lost what it did not persist. */
    String runId() {
        for (String line : await(redis().info("server")).split("\\r?\\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        return "";
    }

    static long number(List<Object> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    /** Lets go of Redis and of every thread: no Netty thread outlives an undeploy. */
    @Override
    public void close() {
        periodic.shutdownNow();
        pubsub.close();
        commands.close();
        deliveries.shutdownNow();
        client.shutdown();
        resources.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
