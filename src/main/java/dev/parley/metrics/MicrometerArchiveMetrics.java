package dev.parley.metrics;

import dev.parley.archive.ArchiveLag;
import dev.parley.archive.ArchiveMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The archive's figures as Micrometer meters: written out as {@code parley_archive_*} (docs/operations.md). */
public final class MicrometerArchiveMetrics implements ArchiveMetrics {

    private final Timer commits;
    private final DistributionSummary groupSize;
    private final Counter failedMessages;
    private final Counter removed;
    private final MeterRegistry registry;

    public MicrometerArchiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        commits = Timer.builder("parley.archive.commit")
                .description("Time to write one group of messages to the archive and commit it")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20),
                        Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry);
        groupSize = DistributionSummary.builder("parley.archive.commit.messages")
                .description("Messages written by one archive commit")
                .serviceLevelObjectives(1, 10, 100, 1000)
                .register(registry);
        failedMessages = Counter.builder("parley.archive.failed.messages")
                .description("Messages refused because their archive commit failed (senders got error unavailable)")
                .register(registry);
        removed = Counter.builder("parley.archive.removed.messages")
                .description("Messages removed from the archive by retention").register(registry);
    }

    @Override
    public void observeQueue(IntSupplier queued) {
        Gauge.builder("parley.archive.queued.messages", queued, IntSupplier::getAsInt)
                .description("Messages numbered and waiting for their archive commit").register(registry);
    }

    @Override
    public void observeLag(Supplier<ArchiveLag> lag) {
        Gauge.builder("parley.archive.lag.messages", lag, current -> current.get().messages())
                .description("Messages in Redis not yet in the archive, over every room (cluster)").register(registry);
        Gauge.builder("parley.archive.lag.seconds", lag, current -> current.get().seconds())
                .description("Age of the oldest message in Redis not yet in the archive (cluster)").register(registry);
    }

    @Override
    public void committed(int messages, long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
        groupSize.record(messages);
    }

    @Override
    public void failed(int messages) {
        failedMessages.increment(messages);
    }

    @Override
    public void removed(int messages) {
        removed.increment(messages);
    }
}
