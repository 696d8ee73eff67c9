package dev.parley.broker;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Reactions;
import java.time.Instant;

/** What a change does to a message: the one rule every broker applies, under its room's change order. */
public final class MessageChanges {

    private MessageChanges() {
    }

    /**
     * The change applied to the message's current state as the room's change {@code rev}.
     *
     * @param current the message now; null when the room does not hold it
     * @param at      when it happens (an edit's {@code editedAt})
     * @throws NoSuchMessageException     when {@code current} is null
     * @throws MessageDeletedException    for an edit of, or reaction to, a tombstone
     * @throws TooManyReactionsException  for a new emoji past {@link Reactions#MAX_EMOJI}
     * @return the change; a {@link Changed#noop()} at the tombstone's own rev for the delete of a tombstone
     */
    public static Changed apply(MessageChange change, ChatMessage current, long rev, Instant at) {
        if (current == null) {
            throw new NoSuchMessageException(change.room(), change.seq());
        }
        if (change instanceof MessageChange.Delete) {
            return current.deleted() ? new Changed(change, current.rev(), current, false, true)
                    : new Changed(change, rev, current.tombstone(rev), false, false);
        }
        if (current.deleted()) {
            throw new MessageDeletedException(change.room(), change.seq());
        }
        if (change instanceof MessageChange.Edit edit) {
            return new Changed(change, rev, current.edited(edit.text(), at, rev), false, false);
        }
        MessageChange.React react = (MessageChange.React) change;
        boolean on = !current.reactions().has(react.emoji(), react.subject());
        Reactions reactions;
        try {
            reactions = current.reactions().toggle(react.emoji(), react.subject());
        } catch (IllegalStateException full) {
            throw new TooManyReactionsException();
        }
        return new Changed(change, rev, current.withReactions(reactions, rev), on, false);
    }
}
