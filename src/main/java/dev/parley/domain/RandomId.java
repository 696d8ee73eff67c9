package dev.parley.domain;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable opaque ids (connection ids, room epochs): 72 random bits as 12 URL-safe characters. */
public final class RandomId {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomId() {
    }

    public static String next() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
