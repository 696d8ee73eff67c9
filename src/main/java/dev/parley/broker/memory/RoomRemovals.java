package dev.parley.broker.memory;

import dev.parley.broker.BrokerHandler;
import dev.parley.broker.RoomEvent;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A room log's kicks and bans in the room's event order: a removal made while messages numbered before it wait for
 * the archive's commit is held, and delivered right after the last of them. Used under the room log's monitor.
 */
final class RoomRemovals {

    /** A removal and the last seq numbered before it. */
    private record Held(long afterSeq, RoomEvent.Removed event) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();

    /**
     * @param pending  the messages still waiting for their commit, in seq order
     * @param numbered the last seq handed out
     */
    void add(RoomEvent.Removed event, Queue<PendingMessage> pending, long numbered, BrokerHandler subscriber) {
        held.add(new Held(numbered, event));
        release(pending, subscriber);
    }

    /** Delivers the held removals that no waiting message comes before. */
    void release(Queue<PendingMessage> pending, BrokerHandler subscriber) {
        long nextPending = pending.isEmpty() ? Long.MAX_VALUE : pending.peek().chatMessage().seq();
        while (!held.isEmpty() && held.peek().afterSeq() < nextPending) {
            RoomEvent.Removed event = held.poll().event();
            if (subscriber != null) {
                subscriber.handle(event);
            }
        }
    }
}
