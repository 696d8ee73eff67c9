package dev.parley.broker;

import dev.parley.domain.ChatMessage;
import java.util.List;

/**
 * A cut of a room's log.
 *
 * @param epoch    the room instance the seqs belong to
 * @param seq      the room's latest seq at the cut, 0 before the first message
 * @param messages oldest first
 * @param complete for {@link HistoryQuery.After}: whether {@code messages} is every message after the asked seq of
 *                 the asked epoch (else it is empty); true for the other queries
 */
public record History(String epoch, long seq, List<ChatMessage> messages, boolean complete) {

    public History {
        messages = List.copyOf(messages);
    }
}
