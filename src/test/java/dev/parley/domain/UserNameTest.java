package dev.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNameTest {

    @Test
    void refusesAnUnpairedSurrogateButTakesAPair() {
        assertThrows(IllegalArgumentException.class, () -> new UserName("ada\ud83d"));
        assertThrows(IllegalArgumentException.class, () -> new UserName("\udc00ada"));
        assertEquals("ada\ud83c\udf89", new UserName("ada\ud83c\udf89").value());
    }

    /** A character outside the Basic Multilingual Plane: one code point, two UTF-16 units. */
    private static final String EMOJI = "\ud83d\ude00";

    @ParameterizedTest
    @ValueSource(strings = {"a", "ada", "Ada Lovelace", " ada", "ada.l", "o'brien", "a-b_c!?#@", "Zo\u00eb",
            "\u65e5\u672c\u8a9e", "\u0410\u0434\u0430", "\u0639\u0644\u064a", EMOJI})
    void acceptsPrintableUnicodeNames(String value) {
        assertEquals(value, new UserName(value).value());
    }

    @Test
    void acceptsThirtyTwoCharacters() {
        String value = "n".repeat(32);
        assertEquals(value, new UserName(value).value());
    }

    @Test
    void refusesThirtyThreeCharacters() {
        assertRefused("n".repeat(33));
    }

    /** docs/protocol.md counts lengths in UTF-16 units, as JavaScript does: such an emoji counts 2. */
    @Test
    void acceptsSixteenCharactersOutsideTheBasicPlane() {
        String value = EMOJI.repeat(16);
        assertEquals(value, new UserName(value).value());
    }

    @Test
    void refusesSeventeenCharactersOutsideTheBasicPlane() {
        assertRefused(EMOJI.repeat(17));
    }

    @Test
    void refusesThirtyOneUnitsPlusOneCharacterOutsideTheBasicPlane() {
        assertRefused("n".repeat(31) + EMOJI);
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
    @ValueSource(strings = {" ", "   ", "\u3000", "\u2003\u2003"})
    void refusesBlankNames(String value) {
        assertRefused(value);
    }

    /** U+00A0 is white space in Unicode (and to JavaScript's trim), although Java's isWhitespace says otherwise. */
    @Test
    void refusesANameOfOnlyNoBreakSpaces() {
        assertRefused("\u00a0\u00a0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "ada\u0000", "ada\nbob", "\n", "ada\r", "a\tb", "ada\u007f", "ada\u0085",
            "ada\u001b[31m"})
    void refusesControlCharacters(String value) {
        assertRefused(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada\u200e", "\u202eada", "a\u200bda", "\ufeffada", "ada\u2066", "a\u00adda"})
    void refusesFormatCharacters(String value) {
        assertRefused(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada\u2028bob", "ada\u2029bob"})
    void refusesLineAndParagraphSeparators(String value) {
        assertRefused(value);
    }

    @Test
    void refusalOfAControlCharacterSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UserName("a\nb"));
        assertTrue(e.getMessage().contains("control"), e.getMessage());
    }

    @Test
    void printsAsItsValue() {
        assertEquals("ada", new UserName("ada").toString());
    }

    @Test
    void comparesByValue() {
        assertTrue(new UserName("ada").compareTo(new UserName("bob")) < 0);
        assertEquals(0, new UserName("ada").compareTo(new UserName("ada")));
        assertEquals(new UserName("ada"), new UserName("ada"));
    }

    private static void assertRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> new UserName(value), () -> "accepted " + value);
    }
}
