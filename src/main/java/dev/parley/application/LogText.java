package dev.parley.application;

/**
 * Client-supplied strings made safe for a log line: quoted, control characters (CR, LF, escape sequences) escaped,
 * cut to a length, so that a name or a header can neither forge a log line nor flood the log.
 */
public final class LogText {

    static final int MAX_CHARS = 80;

    private LogText() {
    }

    /** {@code "ada"}, {@code "a\nb"} as {@code "a\u000ab"}, null as {@code (none)}. */
    public static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 2).append('"');
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (text.length() > MAX_CHARS) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
