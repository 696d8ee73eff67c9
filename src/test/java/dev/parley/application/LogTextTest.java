package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void quotesPlainText() {
        assertEquals("\"ada\"", LogText.quote("ada"));
        assertEquals("\"Zoë 🎉\"", LogText.quote("Zoë 🎉"));
    }

    @Test
    void saysWhenThereIsNothing() {
        assertEquals("(none)", LogText.quote(null));
        assertEquals("\"\"", LogText.quote(""));
    }

    @Test
    void escapesLineBreaksSoNoLineCanBeForged() {
        String quoted = LogText.quote("ada\r\nINFO: admin logged in\u2028\u0085");

        assertFalse(quoted.contains("\n") || quoted.contains("\r") || quoted.contains("\u2028")
                || quoted.contains("\u0085"), quoted);
        assertEquals("\"ada\\u000d\\u000aINFO: admin logged in\\u2028\\u0085\"", quoted);
    }

    @Test
    void escapesTerminalEscapesAndFormatCharacters() {
        assertEquals("\"\\u001b[31mred\\u202e\"", LogText.quote("\u001b[31mred\u202e"));
    }

    @Test
    void escapesQuotesAndBackslashesSoTheQuotingCannotBeClosed() {
        assertEquals("\"a\\\"b\\\\c\"", LogText.quote("a\"b\\c"));
    }

    @Test
    void cutsLongTextAndSaysHowLongItWas() {
        String quoted = LogText.quote("x".repeat(10_000));

        assertTrue(quoted.startsWith("\"" + "x".repeat(LogText.MAX_CHARS) + "\""), quoted);
        assertTrue(quoted.endsWith("...(10000 chars)"), quoted);
    }
}
