package dev.parley.identity;

/**
 * A token that is not good now: malformed, wrongly signed, expired, for someone else... The message is written for the
 * client and for logs: it never contains the token, nor a value taken from it.
 */
public final class TokenRefused extends Exception {

    private static final long serialVersionUID = 1L;

    public TokenRefused(String reason) {
        super(reason, null, false, false); // an expected outcome: no stack trace to fill
    }
}
