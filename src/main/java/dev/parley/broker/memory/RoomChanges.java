package dev.parley.broker.memory;

import dev.parley.archive.Archive;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.MessageChanges;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.RoomId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A room's message changes, one at a time: each reads the message's current state (the log's ring, else the
 * archive), takes the next rev, is written to the archive, and only then is applied to the log and delivered. The
 * monitor of this object orders the room's changes and is held across the archive's I/O; the log's monitor, which
 * publishing takes, is only taken briefly. A recovery of changes holds it too, so that no change falls between its cut
 * and its read of the archive.
 */
final class RoomChanges {

    /** What the log knows of a seq: the message if its ring holds it, whether it was delivered, the room's rev. */
    record Found(ChatMessage message, boolean numbered, long rev) {
    }

    private final RoomId room;
    private final RoomLog log;
    /** Where changes are recorded and older messages read, or null (the archive is off). */
    private final Archive archive;

    RoomChanges(RoomId room, RoomLog log, Archive archive) {
        this.room = room;
        this.log = log;
        this.archive = archive;
    }

    /** @return null, doing nothing, when the log is freed or stale */
    synchronized Changed apply(MessageChange change, Instant at, BrokerHandler subscriber) {
        Found found = log.find(change.seq());
        if (found == null) {
            return null;
        }
        ChatMessage current = found.message() != null || !found.numbered() || archive == null ? found.message()
                : archive.message(room, change.seq());
        Changed changed = MessageChanges.apply(change, current, found.rev() + 1, at);
        if (!changed.noop()) {
            if (archive != null) {
                archive.writeChange(changed, at);
            }
            log.changed(changed, subscriber);
        }
        return changed;
    }

    /** The message's current state, or null when the room holds no such seq. */
    ChatMessage message(long seq) {
        Found found = log.find(seq);
        if (found == null || found.message() != null || !found.numbered() || archive == null) {
            return found == null ? null : found.message();
        }
        return archive.message(room, seq);
    }

    /**
     * A recovery with the messages changed after the client's rev: the log's cut and the ring's changes, completed
     * from the archive for seqs older than the ring. Without an archive, changes to messages the ring no longer
     * holds are not known.
     */
    synchronized History recover(HistoryQuery.After query) {
        History cut = log.read(query);
        if (!cut.complete() || !cut.changesComplete() || archive == null) {
            return cut;
        }
        long oldestInRing = log.oldestSeq();
        long upTo = Math.min(query.seq(), oldestInRing == 0 ? cut.seq() : oldestInRing - 1);
        if (upTo < 1) {
            return cut;
        }
        List<ChatMessage> changes = new ArrayList<>(
                archive.changedAfter(room, query.changesAfter(), upTo, History.MAX_CHANGES + 1));
        changes.addAll(cut.changes());
        boolean complete = changes.size() <= History.MAX_CHANGES;
        return new History(cut.epoch(), cut.seq(), cut.messages(), true, cut.rev(),
                complete ? changes : List.of(), complete);
    }
}
