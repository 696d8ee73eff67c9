package dev.parley.broker;

import dev.parley.domain.Reactions;

/** A reaction with a new emoji on a message that already has {@link Reactions#MAX_EMOJI} distinct ones. */
public final class TooManyReactionsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TooManyReactionsException() {
        super("a message has at most " + Reactions.MAX_EMOJI + " distinct emoji", null, false, false);
    }
}
