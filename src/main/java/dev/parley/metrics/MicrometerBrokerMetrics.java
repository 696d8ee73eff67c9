package dev.parley.metrics;

import dev.parley.broker.BrokerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The broker's figures as Micrometer meters: written out as {@code parley_broker_*} (docs/operations.md). */
public final class MicrometerBrokerMetrics implements BrokerMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> roundTrips = new ConcurrentHashMap<>();
    private final Counter events;
    private final Counter repaired;
    private final Counter resets;
    private final Counter renewed;
    private final Counter renewalFailed;

    public MicrometerBrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
        events = Counter.builder("parley.broker.events")
                .description("Events from Redis passed on to this node's rooms").register(registry);
        repaired = Counter.builder("parley.broker.repaired.messages")
                .description("Messages a room's feed missed and read from the room's stream").register(registry);
        resets = Counter.builder("parley.broker.resets")
                .description("Holes in a room's stream that could not be filled: its members here were told to rejoin")
                .register(registry);
        renewed = Counter.builder("parley.broker.lease.renewals").tag("result", "renewed")
                .description("Renewals of this node's lease in Redis").register(registry);
        renewalFailed = Counter.builder("parley.broker.lease.renewals").tag("result", "failed")
                .description("Renewals of this node's lease in Redis").register(registry);
    }

    @Override
    public void observeSubscriptions(IntSupplier subscriptions) {
        Gauge.builder("parley.broker.subscriptions", subscriptions, IntSupplier::getAsInt)
                .description("Rooms this node is subscribed to (rooms with members here)").register(registry);
    }

    @Override
    public void roundTrip(String command, long nanos) {
        roundTrips.computeIfAbsent(command, c -> Timer.builder("parley.broker.round.trip").tag("command", c)
                .description("Time from sending a command to Redis to its answer")
                .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(10),
                        Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void eventReceived() {
        events.increment();
    }

    @Override
    public void repaired(int messages) {
        repaired.increment(messages);
    }

    @Override
    public void reset() {
        resets.increment();
    }

    @Override
    public void leaseRenewal(boolean renewed) {
        (renewed ? this.renewed : renewalFailed).increment();
    }
}
