package dev.parley.broker.memory;

import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.domain.ChatMessage;
import java.util.List;

/**
 * A room log's state at one moment, as a history read sees it: its epoch, latest delivered seq and rev. Read under
 * the room log's monitor, so the ring and the cut agree.
 */
record HistoryCut(String epoch, long seq, long rev) {

    /**
     * The page {@code query} asks for, from the ring. A recovery from another epoch gets nothing and is incomplete;
     * one that asks for changes gets those the ring holds, but none and incomplete when they are more than
     * {@link History#MAX_CHANGES} or it names a rev ahead of the room's.
     */
    History read(RoomHistory ring, HistoryQuery query) {
        if (query instanceof HistoryQuery.Latest latest) {
            return new History(epoch, seq, ring.latest(latest.limit()), true, rev);
        }
        if (query instanceof HistoryQuery.Before before) {
            return new History(epoch, seq, ring.before(before.seq(), before.limit()), true, rev);
        }
        HistoryQuery.After after = (HistoryQuery.After) query;
        List<ChatMessage> missed = after.epoch() == null || after.epoch().equals(epoch)
                ? ring.after(after.seq(), seq) : null;
        if (missed == null || after.changesAfter() < 0) {
            return new History(epoch, seq, missed == null ? List.of() : missed, missed != null, rev);
        }
        List<ChatMessage> changed = ring.changedAfter(after.changesAfter(), after.seq());
        boolean complete = after.changesAfter() <= rev && changed.size() <= History.MAX_CHANGES;
        return new History(epoch, seq, missed, true, rev, complete ? changed : List.of(), complete);
    }
}
