package dev.parley.metrics;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.application.Transport;
import dev.parley.domain.RoomSummary;
import dev.parley.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chat's figures as Micrometer meters. Names are Micrometer's dotted form; the Prometheus registry writes
 * {@code parley.frames.in} as {@code parley_frames_in_total}, timers in seconds.
 * <p>
 * Tagged counters are looked up once per tag value and kept: a registry lookup builds a meter id and goes through the
 * registry's map, which is too much for every frame. Tag values come from closed sets (frame types, error codes,
 * close codes, HTTP statuses), never from clients.
 */
public final class MicrometerChatMetrics implements ChatMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter deliveries;
    private final Counter rateLimited;
    private final Counter slowConsumerCuts;
    private final DistributionSummary outboxDepth;
    private final Timer fanout;
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> streamCloses = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> fallbackPosts = new ConcurrentHashMap<>();
    private final Map<Origin, Counter> published = new EnumMap<>(Origin.class);
    private final Map<Origin, Counter> duplicates = new EnumMap<>(Origin.class);

    public MicrometerChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("parley.connections", connections, AtomicInteger::get)
                .description("Open connections, every transport").register(registry);
        deliveries = Counter.builder("parley.deliveries")
                .description("Message frames queued for a member connection").register(registry);
        rateLimited = Counter.builder("parley.rate.limited.frames")
                .description("Messages refused for their connection's rate").register(registry);
        slowConsumerCuts = Counter.builder("parley.slow.consumer.cuts")
                .description("Connections closed with 1013 because their outbox overflowed").register(registry);
        outboxDepth = DistributionSummary.builder("parley.outbox.depth").baseUnit("frames")
                .description("Frames in an outbox right after one was queued")
                .serviceLevelObjectives(1, 2, 8, 32, 128, 512).register(registry);
        fanout = Timer.builder("parley.fanout")
                .description("Time to queue a message for every member connection of its room on this node")
                .serviceLevelObjectives(Duration.ofNanos(10_000), Duration.ofNanos(100_000), Duration.ofMillis(1),
                        Duration.ofMillis(10), Duration.ofMillis(100))
                .register(registry);
        for (Origin origin : Origin.values()) { // every series from the start, so a rate over them never misses one
            published.put(origin, Counter.builder("parley.messages.published")
                    .description("Messages numbered and recorded in a room")
                    .tag("origin", origin.name().toLowerCase(Locale.ROOT)).register(registry));
            duplicates.put(origin, Counter.builder("parley.messages.duplicate")
                    .description("Resent messages (a user's client id seen within dedupeSeconds): acked, not recorded")
                    .tag("origin", origin.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    @Override
    public void observe(ChatService chat) {
        Gauge.builder("parley.rooms", chat, c -> c.rooms().size())
                .description("Rooms, with or without members").register(registry);
        Gauge.builder("parley.members", chat, c -> c.rooms().stream().mapToInt(RoomSummary::members).sum())
                .description("Names present in rooms, summed over rooms").register(registry);
        for (Transport transport : Transport.values()) {
            Gauge.builder("parley.transport.connections", chat, c -> c.connections().get(transport))
                    .description("Open connections by transport").tag("transport", transport.wire())
                    .register(registry);
        }
    }

    @Override
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    @Override
    public void frameIn(String type) {
        framesIn.computeIfAbsent(type, t -> registry.counter("parley.frames.in", "type", t)).increment();
    }

    @Override
    public void published(Origin origin) {
        published.get(origin).increment();
    }

    @Override
    public void duplicate(Origin origin) {
        duplicates.get(origin).increment();
    }

    @Override
    public void fannedOut(int recipients, long nanos) {
        deliveries.increment(recipients);
        fanout.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void error(ErrorCode code) {
        errors.computeIfAbsent(code.wire(), c -> registry.counter("parley.errors", "code", c)).increment();
    }

    @Override
    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void closed(int code) {
        closes.computeIfAbsent(code, c -> registry.counter("parley.closes", "code", Integer.toString(c))).increment();
    }

    @Override
    public void streamClosed(int code) {
        streamCloses.computeIfAbsent(code, c -> Counter.builder("parley.fallback.closes")
                .description("Fallback event streams ended, by the close code of their close event")
                .tag("code", Integer.toString(c)).register(registry)).increment();
    }

    @Override
    public void fallbackPost(int status) {
        fallbackPosts.computeIfAbsent(status, s -> Counter.builder("parley.fallback.posts")
                .description("POSTs to the fallback's send endpoint, by the status answered")
                .tag("status", Integer.toString(s)).register(registry)).increment();
    }

    @Override
    public void slowConsumerCut() {
        slowConsumerCuts.increment();
    }

    @Override
    public void outboxDepth(int frames) {
        outboxDepth.record(frames);
    }
}
