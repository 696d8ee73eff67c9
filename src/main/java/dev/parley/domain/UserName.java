package dev.parley.domain;

/**
 * The name a connection speaks under: 1-32 characters (UTF-16 units, as JavaScript counts them), not blank, with no
 * control, format or line-separator characters (they could forge lines in a client's view or in logs).
 */
public record UserName(String value) implements Comparable<UserName> {

    public static final int MAX_LENGTH = 32;

    public UserName {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("name must be 1-" + MAX_LENGTH + " characters");
        }
        if (value.codePoints().allMatch(UserName::blank)) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (value.codePoints().anyMatch(UserName::forbidden)) {
            throw new IllegalArgumentException("name must not contain control characters or unpaired surrogates");
        }
    }

    /** White space as Unicode and JavaScript's trim see it, no-break spaces included (isWhitespace leaves them out). */
    private static boolean blank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static boolean forbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    @Override
    public int compareTo(UserName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
