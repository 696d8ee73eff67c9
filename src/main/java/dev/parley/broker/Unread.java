package dev.parley.broker;

import dev.parley.domain.ChatMessage;
import java.util.List;

/**
 * The one rule of unread counts: the messages after a user's marker up to the room's latest that are not the user's
 * own and not deleted. A room keeps its latest messages at hand (its window); older ones are counted by whoever keeps
 * them ({@link Older}).
 */
public final class Unread {

    private Unread() {
    }

    /** Counts the messages with a seq in ({@code after}, {@code upto}] that the window does not hold. */
    @FunctionalInterface
    public interface Older {
        long count(long after, long upto);
    }

    /** Whether the message counts as unread for the subject: another user's, not deleted. */
    public static boolean counts(ChatMessage message, String subject) {
        return !message.deleted() && !message.author().equals(subject);
    }

    /**
     * @param window the room's latest messages, oldest first, ending at {@code latest} (empty when it has none)
     * @param marker the user's marker, at most {@code latest}
     */
    public static long count(List<ChatMessage> window, long latest, long marker, String subject, Older older) {
        long count = 0;
        long oldest = latest + 1;
        for (int i = window.size() - 1; i >= 0 && window.get(i).seq() > marker; i--) {
            ChatMessage message = window.get(i);
            oldest = message.seq();
            if (counts(message, subject)) {
                count++;
            }
        }
        return oldest - 1 > marker ? count + older.count(marker, oldest - 1) : count;
    }
}
