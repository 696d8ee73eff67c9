package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSizeTest {

    private static final int MAX = 1024;
    /** U+00E9, two bytes in UTF-8. */
    private static final String TWO_BYTES = "\u00e9";
    /** U+20AC, three bytes in UTF-8. */
    private static final String THREE_BYTES = "\u20ac";
    /** U+1F600, a surrogate pair: two chars, four bytes in UTF-8. */
    private static final String FOUR_BYTES = "\ud83d\ude00";

    @Test
    void asciiUpToTheLimitFits() {
        assertFits("a".repeat(1024));
    }

    @Test
    void oneAsciiCharOverTheLimitExceeds() {
        assertExceeds("a".repeat(1025));
    }

    @Test
    void twoByteCharsUpToTheLimitFit() {
        assertFits(TWO_BYTES.repeat(512));
        assertFits(TWO_BYTES.repeat(511) + "ab");
    }

    @Test
    void twoByteCharsOneByteOverTheLimitExceed() {
        assertExceeds(TWO_BYTES.repeat(511) + "abc");
        assertExceeds(TWO_BYTES.repeat(513));
    }

    @Test
    void threeByteCharsUpToTheLimitFit() {
        assertFits(THREE_BYTES.repeat(341) + "a");
    }

    @Test
    void threeByteCharsOverTheLimitExceed() {
        assertExceeds(THREE_BYTES.repeat(341) + "ab");
        assertExceeds(THREE_BYTES.repeat(342));
    }

    @Test
    void threeByteCharsExactlyFillingTheLimitFit() {
        assertFalse(FrameSize.exceeds(THREE_BYTES.repeat(341), 1023));
        assertTrue(FrameSize.exceeds(THREE_BYTES.repeat(341), 1022));
    }

    @Test
    void surrogatePairsUpToTheLimitFit() {
        assertFits(FOUR_BYTES.repeat(256));
        assertFits(FOUR_BYTES.repeat(255) + THREE_BYTES + "a");
    }

    @Test
    void surrogatePairsOverTheLimitExceed() {
        assertExceeds(FOUR_BYTES.repeat(256) + "a");
        assertExceeds(FOUR_BYTES.repeat(255) + "abcde");
    }

    @Test
    void emptyTextNeverExceeds() {
        assertFalse(FrameSize.exceeds("", 0));
        assertFits("");
    }

    @Test
    void agreesWithTheUtf8EncoderAroundTheBoundary() {
        Random random = new Random(42);
        String[] pieces = {"a", "Z", " ", TWO_BYTES, "\u07ff", "\u0800", THREE_BYTES, "\uffff", FOUR_BYTES, "\ud800\udc00"};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(600); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            int bytes = text.toString().getBytes(StandardCharsets.UTF_8).length;
            for (int max = Math.max(0, bytes - 2); max <= bytes + 2; max++) {
                assertEquals(bytes > max, FrameSize.exceeds(text.toString(), max), "max " + max + " for " + bytes + " bytes");
            }
        }
    }

    private static void assertFits(String text) {
        assertFalse(FrameSize.exceeds(text, MAX), () -> utf8Length(text) + " bytes said to exceed " + MAX);
    }

    private static void assertExceeds(String text) {
        assertTrue(FrameSize.exceeds(text, MAX), () -> utf8Length(text) + " bytes said to fit in " + MAX);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
