package dev.parley.domain;

import java.util.Set;

/**
 * What a reaction may be (docs/protocol.md, "Editing, deleting and reacting"): one emoji, as a single grapheme
 * cluster of at most {@link #MAX_UNITS} UTF-16 units, or a short name from {@link #SHORT_NAMES}. An emoji is a base
 * emoji code point, optionally with the variation selector U+FE0F and a skin tone (U+1F3FB-1F3FF), optionally
 * followed by tag characters (U+E0020-E007E ended by U+E007F, as in subdivision flags), and further such elements
 * joined by U+200D (ZWJ); or a keycap ([0-9#*], optional U+FE0F, U+20E3); or a pair of regional indicators (a flag).
 * The check is structural: it does not know which sequences a font draws, only that the value is one emoji.
 */
public final class Emoji {

    /** The longest emoji, in UTF-16 units. */
    public static final int MAX_UNITS = 32;

    /** The short names a reaction may use instead of an emoji, written {@code :name:}. */
    public static final Set<String> SHORT_NAMES = Set.of(":+1:", ":-1:", ":heart:", ":laughing:", ":tada:", ":eyes:",
            ":rocket:", ":thinking:", ":smile:", ":fire:", ":clap:", ":pray:", ":100:", ":ok_hand:", ":cry:",
            ":confused:");

    /** The rule, as an error states it. */
    public static final String RULE = "emoji must be one emoji (a single grapheme of at most " + MAX_UNITS
            + " UTF-16 units) or a short name such as :+1: (the list is in docs/protocol.md)";

    private static final int VS16 = 0xFE0F;
    private static final int ZWJ = 0x200D;
    private static final int KEYCAP = 0x20E3;
    private static final int TAG_END = 0xE007F;

    private Emoji() {
    }

    /**
     * @return the emoji, unchanged
     * @throws IllegalArgumentException stating {@link #RULE} when it is not one
     */
    public static String require(String emoji) {
        if (!isValid(emoji)) {
            throw new IllegalArgumentException(RULE);
        }
        return emoji;
    }

    public static boolean isValid(String emoji) {
        if (emoji == null || emoji.isEmpty() || emoji.length() > MAX_UNITS || !Unicode.isWellFormed(emoji)) {
            return false;
        }
        if (SHORT_NAMES.contains(emoji)) {
            return true;
        }
        int[] cps = emoji.codePoints().toArray();
        if (cps.length == 2 && isRegionalIndicator(cps[0]) && isRegionalIndicator(cps[1])) {
            return true;
        }
        if (isKeycapBase(cps[0])) {
            return cps.length == 2 && cps[1] == KEYCAP || cps.length == 3 && cps[1] == VS16 && cps[2] == KEYCAP;
        }
        int i = element(cps, 0);
        while (i > 0 && i < cps.length && cps[i] == ZWJ) {
            i = element(cps, i + 1);
        }
        return i == cps.length;
    }

    /** Reads one element (base, FE0F, skin tone, tags) at {@code i}; returns where it ends, or -1. */
    private static int element(int[] cps, int i) {
        if (i >= cps.length || !isBase(cps[i])) {
            return -1;
        }
        i++;
        if (i < cps.length && cps[i] == VS16) {
            i++;
        }
        if (i < cps.length && cps[i] >= 0x1F3FB && cps[i] <= 0x1F3FF) {
            i++;
        }
        if (i < cps.length && cps[i] >= 0xE0020 && cps[i] < TAG_END) {
            while (i < cps.length && cps[i] >= 0xE0020 && cps[i] < TAG_END) {
                i++;
            }
            if (i >= cps.length || cps[i] != TAG_END) {
                return -1;
            }
            i++;
        }
        return i;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isKeycapBase(int cp) {
        return cp >= '0' && cp <= '9' || cp == '#' || cp == '*';
    }

    /** A code point that is an emoji by itself (the blocks of Unicode's emoji; modifiers and indicators are not). */
    private static boolean isBase(int cp) {
        if (cp >= 0x1F000 && cp <= 0x1FAFF) {
            return !isRegionalIndicator(cp) && !(cp >= 0x1F3FB && cp <= 0x1F3FF);
        }
        return cp >= 0x2600 && cp <= 0x27BF // miscellaneous symbols, dingbats
                || cp >= 0x2300 && cp <= 0x23FF // watch, hourglass, keyboard, media controls
                || cp >= 0x2B00 && cp <= 0x2BFF // stars, squares, arrows
                || cp >= 0x2190 && cp <= 0x21FF // arrows
                || cp >= 0x25A0 && cp <= 0x25FF // geometric shapes
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x24C2 || cp == 0x2934 || cp == 0x2935 || cp == 0x3030 || cp == 0x303D || cp == 0x3297
                || cp == 0x3299;
    }
}
