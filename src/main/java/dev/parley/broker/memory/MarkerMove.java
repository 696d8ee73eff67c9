package dev.parley.broker.memory;

import dev.parley.broker.ReadState;

/**
 * The outcome of a marker's move in a room log: done with its state, or waiting for the count of the messages with
 * a seq in ({@code after}, {@code upto}] that the log's ring no longer holds (read from the archive with no lock held,
 * then the move is tried again with it).
 *
 * @param count the count of that range, once known
 */
record MarkerMove(ReadState state, long after, long upto, long count) {

    static MarkerMove done(ReadState state) {
        return new MarkerMove(state, 0, 0, 0);
    }

    static MarkerMove needs(long after, long upto) {
        return new MarkerMove(null, after, upto, 0);
    }

    MarkerMove counted(long counted) {
        return new MarkerMove(null, after, upto, counted);
    }
}
