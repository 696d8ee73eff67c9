package dev.parley.archive;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whole words of a text as search sees them: runs of letters and digits, lower-cased. What the embedded database
 * matches on, and how a search's words are read on every database.
 */
public final class Words {

    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private Words() {
    }

    /** The distinct words of {@code text}, in order. */
    public static List<String> of(String text) {
        return Arrays.stream(SEPARATORS.split(text.toLowerCase(Locale.ROOT)))
                .filter(word -> !word.isEmpty()).distinct().toList();
    }

    /** The words of {@code text} between spaces, with a space before the first and after the last: {@code " a b "}. */
    static String column(String text) {
        return " " + String.join(" ", of(text)) + " ";
    }
}
