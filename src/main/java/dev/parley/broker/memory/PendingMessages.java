package dev.parley.broker.memory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * A room log's numbered messages waiting for their commit before delivery, in seq order. Used under the room log's
 * monitor.
 */
final class PendingMessages {

    private final ArrayDeque<PendingMessage> queue = new ArrayDeque<>();

    void add(PendingMessage entry) {
        queue.add(entry);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The waiting messages in seq order, to read only (for {@link RoomRemovals}). */
    Queue<PendingMessage> inOrder() {
        return queue;
    }

    /** Takes the first waiting message if it is committed, else returns null: a later one waits for it. */
    PendingMessage pollCommitted() {
        return !queue.isEmpty() && queue.peek().isCommitted() ? queue.poll() : null;
    }

    /** The waiting entry of {@code seq}, or null when it is not waiting (delivered). */
    PendingMessage find(long seq) {
        for (PendingMessage entry : queue) {
            if (entry.chatMessage().seq() == seq) {
                return entry;
            }
        }
        return null;
    }

    /** Takes out {@code entry} and every message after it, handing each to {@code drop}, the latest first. */
    void dropFrom(PendingMessage entry, Consumer<PendingMessage> drop) {
        while (!queue.isEmpty() && queue.peekLast() != entry) {
            drop.accept(queue.pollLast());
        }
        queue.pollLast();
        drop.accept(entry);
    }
}
