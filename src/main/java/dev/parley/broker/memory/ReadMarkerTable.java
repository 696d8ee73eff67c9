package dev.parley.broker.memory;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveException;
import dev.parley.archive.MarkerKey;
import dev.parley.domain.RoomId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every user's read markers on this node: subject to room to marker. With an archive, a subject's markers are read
 * from it on first use, and changes are written behind, coalesced, once a second ({@link #flush}): a crash loses at
 * most the last second's moves, so a marker may come back behind where it was, never ahead. A key is taken out of
 * the dirty set before its value is read, so a change racing a flush is written by the next one.
 */
final class ReadMarkerTable implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReadMarkerTable.class.getName());
    static final long FLUSH_MILLIS = 1000;

    private final ConcurrentMap<String, ConcurrentMap<RoomId, Long>> bySubject = new ConcurrentHashMap<>();
    /** The markers changed since the last flush (a concurrent set). */
    private final ConcurrentMap<MarkerKey, Boolean> dirty = new ConcurrentHashMap<>();
    /** Where markers are kept for good, or null: in memory only. */
    private final Archive archive;
    private final ScheduledExecutorService writer;

    /** @param archive where markers outlive the process, or null */
    ReadMarkerTable(Archive archive) {
        this.archive = archive;
        if (archive == null) {
            writer = null;
            return;
        }
        writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-read-markers");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The subject's marker in the room, or -1 when it has none. */
    long get(RoomId room, String subject) {
        return markersOf(subject).getOrDefault(room, -1L);
    }

    /** Gives the subject a marker at {@code seq} unless it has one; answers the marker it has after. */
    long createIfAbsent(RoomId room, String subject, long seq) {
        long[] made = {-1};
        long marker = markersOf(subject).computeIfAbsent(room, key -> {
            made[0] = seq;
            return seq;
        });
        if (made[0] >= 0) {
            changed(room, subject);
        }
        return marker;
    }

    /**
     * Moves the subject's marker forward to {@code seq}, making it when absent.
     *
     * @return whether it moved
     */
    boolean advance(RoomId room, String subject, long seq) {
        boolean[] moved = {false};
        markersOf(subject).compute(room, (key, marker) -> {
            moved[0] = marker == null || seq > marker;
            return moved[0] ? seq : marker;
        });
        if (moved[0]) {
            changed(room, subject);
        }
        return moved[0];
    }

    void remove(RoomId room, String subject) {
        if (markersOf(subject).remove(room) != null) {
            changed(room, subject);
        }
    }

    /** The subject's markers, room to seq. */
    Map<RoomId, Long> of(String subject) {
        return Map.copyOf(markersOf(subject));
    }

    /**
     * The room was made anew with its numbering from 1 (freed without an archive): every marker of it goes back to 0,
     * so that its new messages count as unread.
     */
    void startOver(RoomId room) {
        bySubject.forEach((subject, markers) -> markers.replace(room, 0L));
    }

    /** Writes the changed markers to the archive; on failure they stay dirty, for the next flush. */
    void flush() {
        if (archive == null || dirty.isEmpty()) {
            return;
        }
        Map<MarkerKey, Long> writes = new HashMap<>();
        List<MarkerKey> keys = List.copyOf(dirty.keySet());
        for (MarkerKey key : keys) {
            dirty.remove(key);
            Long seq = markersOf(key.subject()).get(key.room());
            writes.put(key, seq == null ? -1L : seq);
        }
        try {
            archive.writeMarkers(writes);
        } catch (ArchiveException e) {
            keys.forEach(key -> dirty.put(key, Boolean.TRUE));
            throw e;
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
            flushQuietly();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (ArchiveException e) {
            LOG.log(Level.WARNING, "writing " + dirty.size() + " read markers to the archive failed; trying "
                    + "again in a second: " + e.getMessage());
        }
    }

    private void changed(RoomId room, String subject) {
        if (archive != null) {
            dirty.put(new MarkerKey(room, subject), Boolean.TRUE);
        }
    }

    /** The subject's markers, read from the archive on first use. */
    private ConcurrentMap<RoomId, Long> markersOf(String subject) {
        ConcurrentMap<RoomId, Long> markers = bySubject.get(subject);
        if (markers != null) {
            return markers;
        }
        ConcurrentMap<RoomId, Long> loaded = new ConcurrentHashMap<>(archive == null ? Map.of()
                : archive.markers(subject));
        markers = bySubject.putIfAbsent(subject, loaded);
        return markers == null ? loaded : markers;
    }
}
