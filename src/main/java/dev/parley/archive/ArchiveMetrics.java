package dev.parley.archive;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the archive reports about itself. {@link #NONE} ignores everything (tests); the deployment uses the Micrometer
 * implementation in {@code dev.parley.metrics}. Every method must be cheap and never throw.
 */
public interface ArchiveMetrics {

    ArchiveMetrics NONE = new ArchiveMetrics() {
    };

    /** Lets the implementation read how many messages wait for their commit. */
    default void observeQueue(IntSupplier queued) {
    }

    /** Lets the implementation read how far the archive is behind a cluster's Redis (cluster nodes only). */
    default void observeLag(Supplier<ArchiveLag> lag) {
    }

    /** A group of {@code messages} was committed in {@code nanos}. */
    default void committed(int messages, long nanos) {
    }

    /** Writing a group of {@code messages} failed: their senders were told the archive is unavailable. */
    default void failed(int messages) {
    }

    /** Messages removed by the retention job. */
    default void removed(int messages) {
    }
}
