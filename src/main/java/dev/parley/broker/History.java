package dev.parley.broker;

import dev.parley.domain.ChatMessage;
import java.util.List;

/**
 * A cut of a room's log.
 *
 * @param epoch           the room instance the seqs belong to
 * @param seq             the room's latest seq at the cut, 0 before the first message
 * @param messages        oldest first, each in its state at the cut
 * @param complete        for {@link HistoryQuery.After}: whether {@code messages} is every message after the asked seq
 *                        of the asked epoch (else it is empty); true for the other queries
 * @param rev             the room's change counter at the cut, 0 when nothing ever changed
 * @param changes         for {@link HistoryQuery.After} with {@code changesAfter >= 0}: the current state of every
 *                        message with a seq up to the asked one that changed after {@code changesAfter}, oldest seq
 *                        first; empty otherwise
 * @param changesComplete false when more than {@link #MAX_CHANGES} messages changed (then {@code changes} is empty and
 *                        the client must start over); true otherwise
 */
public record History(String epoch, long seq, List<ChatMessage> messages, boolean complete, long rev,
                      List<ChatMessage> changes, boolean changesComplete) {

    /** The most changed messages a recovery hands back. */
    public static final int MAX_CHANGES = 200;

    public History {
        messages = List.copyOf(messages);
        changes = List.copyOf(changes);
    }

    /** A cut with no change asked for. */
    public History(String epoch, long seq, List<ChatMessage> messages, boolean complete, long rev) {
        this(epoch, seq, messages, complete, rev, List.of(), true);
    }

    /** A cut of a room where nothing changed, or with no change asked for. */
    public History(String epoch, long seq, List<ChatMessage> messages, boolean complete) {
        this(epoch, seq, messages, complete, 0);
    }

    /** This cut with other messages (a page completed from the archive). */
    public History withMessages(List<ChatMessage> page) {
        return new History(epoch, seq, page, complete, rev, changes, changesComplete);
    }
}
