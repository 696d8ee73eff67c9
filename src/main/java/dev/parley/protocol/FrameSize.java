package dev.parley.protocol;

/** Measures a text frame's size in UTF-8 bytes, as it crossed the wire, without encoding it. */
public final class FrameSize {

    private FrameSize() {
    }

    /** Whether the text takes more than {@code maxBytes} bytes in UTF-8. */
    public static boolean exceeds(String text, int maxBytes) {
        int chars = text.length();
        if (chars > maxBytes) {
            return true; // every char is at least one byte
        }
        if ((long) chars * 3 <= maxBytes) {
            return false; // no char takes more than three bytes (a surrogate pair takes four for two chars)
        }
        return utf8Length(text, maxBytes) > maxBytes;
    }

    /**
     * The text's length in UTF-8 bytes, counting at most until it passes {@code cap} (then any figure above the cap).
     * A surrogate counts 2, so a pair split between two parts of a message still counts 4.
     */
    public static long utf8Length(String text, long cap) {
        long bytes = 0;
        for (int i = 0, chars = text.length(); i < chars && bytes <= cap; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
