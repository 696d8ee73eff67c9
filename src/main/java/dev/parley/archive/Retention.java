package dev.parley.archive;

import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Removes messages older than {@code retentionDays} from the archive; run now and then by the deployment's
 * housekeeping. Rooms keep their epoch and numbering (kept apart from the messages), so history just starts later.
 */
public final class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    private final Archive archive;
    private final Duration keep;
    private final Clock clock;
    private final ArchiveMetrics metrics;

    public Retention(Archive archive, int days, Clock clock, ArchiveMetrics metrics) {
        this.archive = archive;
        this.keep = Duration.ofDays(days);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** @return how many messages were removed */
    public int run() {
        int removed = archive.removeOlderThan(clock.instant().minus(keep));
        metrics.removed(removed);
        if (removed > 0) {
            LOG.info(() -> "retention removed " + removed + " messages older than " + keep.toDays() + " days");
        }
        return removed;
    }
}
