package dev.parley.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void matchesOnlyTheExactValue() {
        Secret secret = new Secret("t0ken");
        assertTrue(secret.isSet());
        assertTrue(secret.matches("t0ken"));
        assertFalse(secret.matches("t0ken "));
        assertFalse(secret.matches("t0ke"));
        assertFalse(secret.matches(""));
        assertFalse(secret.matches(null));
    }

    @Test
    void noSecretMatchesNothing() {
        Secret none = new Secret(null);
        assertFalse(none.isSet());
        assertFalse(none.matches(""));
        assertFalse(none.matches(null));
    }

    @Test
    void neverShowsItsValue() {
        assertEquals("(set)", new Secret("t0ken").toString());
        assertEquals("(none)", new Secret(null).toString());
    }

    @Test
    void equalsByValue() {
        assertEquals(new Secret("a"), new Secret("a"));
        assertEquals(new Secret("a").hashCode(), new Secret("a").hashCode());
        assertEquals(new Secret(null), new Secret(null));
        assertNotEquals(new Secret("a"), new Secret("b"));
        assertNotEquals(new Secret("a"), new Secret(null));
    }
}
