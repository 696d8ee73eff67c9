package dev.parley.broker.memory;

import dev.parley.archive.ArchiveException;
import dev.parley.archive.GroupCommit;
import dev.parley.archive.StoredRoom;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Makes a room's log: new, or loaded from the archive (epoch, numbering, rev, recent history and client ids). */
final class RoomLoader {

    private final int historySize;
    private final int dedupeEntries;
    private final long dedupeNanos;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Supplier<String> newEpoch;
    /** The archive's writer, or null when the archive is off. */
    private final GroupCommit commits;

    RoomLoader(ParleyConfig config, Clock clock, LongSupplier nanoTime, Supplier<String> newEpoch,
               GroupCommit commits) {
        this.historySize = config.historySize();
        this.dedupeEntries = config.dedupeEntries();
        this.dedupeNanos = TimeUnit.SECONDS.toNanos(config.dedupeSeconds());
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.newEpoch = newEpoch;
        this.commits = commits;
    }

    /** A log for the room, read from the archive with no lock held. */
    RoomLog load(RoomId id) {
        long now = nanoTime.getAsLong();
        RecentIds recentIds = new RecentIds(dedupeEntries, dedupeNanos);
        if (commits == null) {
            return new RoomLog(id, newEpoch.get(), new RoomHistory(historySize), recentIds, now, null);
        }
        Instant wallNow = clock.instant();
        StoredRoom stored = readArchive(() -> commits.archive().load(id, historySize,
                wallNow.minusNanos(dedupeNanos), dedupeEntries));
        RoomHistory history = new RoomHistory(historySize);
        List<ChatMessage> latest = stored.latest();
        int from = latest.size();
        // Only the unbroken run that ends at the latest seq goes into the ring.
        while (from > 0 && latest.get(from - 1).seq() == stored.lastSeq() - (latest.size() - from)) {
            from--;
        }
        latest.subList(from, latest.size()).forEach(history::add);
        // The ids' age is measured on the wall clock.
        for (ChatMessage message : stored.withIds()) {
            long age = Math.max(0, wallNow.toEpochMilli() - message.ts().toEpochMilli());
            recentIds.remember(message.author(), message.clientId(), message.seq(), message.ts(),
                    now - age * 1_000_000L);
        }
        RoomLog log = new RoomLog(id, stored.epoch() == null ? newEpoch.get() : stored.epoch(), history, recentIds,
                now, commits);
        log.restore(stored.lastSeq(), stored.lastRev());
        return log;
    }

    /** Reads what the archive holds past the stale log's known seq, and hands it to the log. */
    void catchUp(RoomId id, RoomLog log, BrokerHandler subscriber) {
        long from = log.committedSeq();
        List<ChatMessage> missed = readArchive(() -> commits.archive().after(id, from, GroupCommit.MAX_GROUP));
        log.caughtUp(from, missed, nanoTime.getAsLong(), subscriber);
    }

    /** Runs a read or write of the archive; its failure is the broker's unavailability. */
    static <T> T readArchive(Supplier<T> read) {
        try {
            return read.get();
        } catch (ArchiveException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }
}
