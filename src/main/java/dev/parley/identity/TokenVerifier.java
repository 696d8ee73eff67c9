package dev.parley.identity;

import dev.parley.domain.Identity;

/** Checks a token the host application signed and says whom it names. Thread-safe: one serves every connection. */
public interface TokenVerifier {

    /**
     * @return the user the token names, its grants and when it expires
     * @throws TokenRefused for any token that is not good now, with a reason a client may read (never the token)
     */
    Identity verify(String token) throws TokenRefused;
}
