package dev.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "7", "_", ".", "-", "lobby", "Team_42.dev-ops", "..", "A-Za-z0-9_.-"})
    void acceptsLettersDigitsUnderscoreDotAndDash(String value) {
        assertEquals(value, new RoomId(value).value());
    }

    @Test
    void acceptsSixtyFourCharacters() {
        String value = "r".repeat(64);
        assertEquals(value, new RoomId(value).value());
    }

    @Test
    void refusesSixtyFiveCharacters() {
        assertRefused("r".repeat(65));
    }

    @Test
    void refusesEmpty() {
        assertRefused("");
    }

    @Test
    void refusesNull() {
        assertRefused(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "a b", "lobby ", "a/b", "a#b", "a:b", "a@b", "a+b", "a~b", "caf\u00e9", "\u0661",
            "\uff21", "\u0000", "a\nb", "\u200e", "\ud83d\ude00", "a\u007f"})
    void refusesAnyOtherCharacter(String value) {
        assertRefused(value);
    }

    @Test
    void refusalSaysWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RoomId("a b"));
        assertTrue(e.getMessage().contains("A-Z"), e.getMessage());
    }

    @Test
    void printsAsItsValue() {
        assertEquals("lobby", new RoomId("lobby").toString());
    }

    @Test
    void comparesByValue() {
        assertTrue(new RoomId("alpha").compareTo(new RoomId("beta")) < 0);
        assertEquals(0, new RoomId("lobby").compareTo(new RoomId("lobby")));
        assertEquals(new RoomId("lobby"), new RoomId("lobby"));
    }

    private static void assertRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> new RoomId(value), () -> "accepted " + value);
    }
}
