package dev.parley.broker;

/** Which messages of a room's log to read. */
public sealed interface HistoryQuery {

    /** The last at most {@code limit} messages. */
    record Latest(int limit) implements HistoryQuery {
    }

    /** The last at most {@code limit} messages with a seq below {@code seq}. */
    record Before(long seq, int limit) implements HistoryQuery {
    }

    /**
     * Every message after {@code seq}, if the room still keeps all of them and {@code epoch} is the room's (a null epoch
     * is taken to be the room's).
     */
    record After(long seq, String epoch) implements HistoryQuery {
    }
}
