package dev.parley.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/** A configured secret, or none. It never shows its value in {@link #toString()}, so logging the config is safe. */
public final class Secret {

    private final byte[] value;

    /** @param value the secret, or null for none */
    public Secret(String value) {
        this.value = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isSet() {
        return value != null;
    }

    /** The value, or null: for the one place that must hand it on (a client connecting with it), never to a log. */
    public String reveal() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Whether {@code candidate} is the secret, compared in time independent of where they differ. */
    public boolean matches(String candidate) {
        return value != null && candidate != null
                && MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Arrays.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return isSet() ? "(set)" : "(none)";
    }
}
