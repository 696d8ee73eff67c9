package dev.parley.domain;

/** A room's name: 1-64 characters, each a letter, digit, '_', '.' or '-'. */
public record RoomId(String value) implements Comparable<RoomId> {

    public static final int MAX_LENGTH = 64;

    public RoomId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("room must be 1-" + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed(value.charAt(i))) {
                throw new IllegalArgumentException("room may contain only A-Z, a-z, 0-9, '_', '.' and '-'");
            }
        }
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-';
    }

    @Override
    public int compareTo(RoomId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
