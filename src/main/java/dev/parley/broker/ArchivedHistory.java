package dev.parley.broker;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveException;
import dev.parley.archive.StoredRoom;
import dev.parley.archive.Words;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a broker with an archive reads history from: the one place that decides between its fast recent log (memory
 * or Redis) and the archive. The latest messages and recovery read the log alone; a page before a seq that the log
 * does not fill is completed with older messages from the archive; search reads the archive; a room the log does not
 * hold is read from the archive without being made. An archive that fails makes the read throw
 * {@link BrokerUnavailableException}.
 */
public final class ArchivedHistory {

    private final Archive archive;

    public ArchivedHistory(Archive archive) {
        this.archive = archive;
    }

    /** The page read from the log, completed from the archive below the log's oldest message when it is short. */
    public History before(RoomId room, History fromLog, HistoryQuery.Before query) {
        List<ChatMessage> recent = fromLog.messages();
        if (whole(fromLog, query)) {
            return fromLog;
        }
        long below = recent.isEmpty() ? Math.min(query.seq(), fromLog.seq() + 1) : recent.get(0).seq();
        int older = query.limit() - recent.size();
        List<ChatMessage> page = new ArrayList<>(read(() -> archive.before(room, below, older)));
        page.addAll(recent);
        return fromLog.withMessages(page);
    }

    /** History of a room the log does not hold, straight from the archive; recovery finds nothing there. */
    public History notInLog(RoomId room, HistoryQuery query) {
        if (query instanceof HistoryQuery.After) {
            return new History(null, 0, List.of(), false);
        }
        int latest = query instanceof HistoryQuery.Latest last ? last.limit() : 0;
        StoredRoom stored = read(() -> archive.load(room, latest, Instant.now(), 0));
        List<ChatMessage> messages = query instanceof HistoryQuery.Before before
                ? read(() -> archive.before(room, before.seq(), before.limit())) : stored.latest();
        return new History(stored.epoch(), stored.lastSeq(), messages, true, stored.lastRev());
    }

    /** {@link Broker#search} on the archive. */
    public List<ChatMessage> search(RoomId room, String query, long before, int limit) {
        List<String> words = Words.of(query);
        return words.isEmpty() ? List.of() : read(() -> archive.search(room, words, before, limit));
    }

    /** Whether a page read from the log is the whole page: full, or reaching the room's first message. */
    private static boolean whole(History page, HistoryQuery.Before query) {
        List<ChatMessage> messages = page.messages();
        if (messages.size() >= query.limit()) {
            return true;
        }
        return messages.isEmpty() ? Math.min(query.seq(), page.seq() + 1) <= 1 : messages.get(0).seq() == 1;
    }

    private static <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (ArchiveException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }
}
