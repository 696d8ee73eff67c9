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
     * is taken to be the room's); and with {@code changesAfter >= 0}, the messages up to {@code seq} changed after that
     * rev ({@link History#changes}).
     *
     * @param changesAfter the last change rev the client saw, or -1 when it wants no changes
     */
    record After(long seq, String epoch, long changesAfter) implements HistoryQuery {

        /** Recovery of messages alone. */
        public After(long seq, String epoch) {
            this(seq, epoch, -1);
        }
    }
}
