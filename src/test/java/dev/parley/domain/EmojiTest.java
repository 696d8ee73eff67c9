package dev.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmojiTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "\uD83D\uDC4D", // 👍
        "\u2764\uFE0F", // ❤️ with VS16
        "\u2764", // ❤ without
        "\uD83D\uDC4D\uD83C\uDFFD", // 👍🏽 skin tone
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66", // 👨‍👩‍👧‍👦 ZWJ family
        "\uD83D\uDC69\uD83C\uDFFE\u200D\uD83D\uDCBB", // 👩🏾‍💻 skin tone inside a ZWJ sequence
        "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", // 🏳️‍🌈
        "\uD83C\uDDEB\uD83C\uDDF7", // 🇫🇷 regional indicator pair
        "1\uFE0F\u20E3", // 1️⃣ keycap
        "#\u20E3", // #⃣ keycap without VS16
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", // 🏴 Scotland (tags)
        "\uD83E\uDD14", // 🤔
        "\u2B50", // ⭐
        ":+1:", ":-1:", ":heart:", ":laughing:", ":tada:", ":eyes:", ":rocket:", ":thinking:"
    })
    void acceptsOneEmojiOrAShortName(String emoji) {
        assertTrue(Emoji.isValid(emoji), emoji);
        assertEquals(emoji, Emoji.require(emoji));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "ab", "<b>", "1", "#",
        "\uD83D\uDE00\uD83D\uDE00", // two emoji
        "\uD83D\uDC4D ", // trailing space
        "\uD83C\uDDEB", // one regional indicator
        "\uD83C\uDDEB\uD83C\uDDF7\uD83C\uDDE9", // three regional indicators
        "\uD83C\uDFFD", // a skin tone alone
        "\u200D\uD83D\uDC4D", // starts with ZWJ
        "\uD83D\uDC4D\u200D", // ends with ZWJ
        "\uFE0F", // a variation selector alone
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62", // tags without their end
        ":nope:", ":+1", "+1", ":HEART:",
        "\uD83D" // an unpaired surrogate
    })
    void refusesAnythingElse(String emoji) {
        assertFalse(Emoji.isValid(emoji), emoji);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Emoji.require(emoji));
        assertEquals(Emoji.RULE, refused.getMessage());
    }

    @Test
    void refusesMoreThan32Units() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // 11 units
        String joined = family + "\u200D" + family + "\u200D" + "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertEquals(32, joined.length());
        assertTrue(Emoji.isValid(joined), "a ZWJ sequence of 32 units is one emoji by structure");
        String longer = family + "\u200D" + family + "\u200D" + "\uD83D\uDC68\u200D\uD83D\uDC69"
                + "\u200D\u2764\u200D\u2764";
        assertEquals(33, longer.length());
        assertFalse(Emoji.isValid(longer));
        assertFalse(Emoji.isValid(null));
    }
}
