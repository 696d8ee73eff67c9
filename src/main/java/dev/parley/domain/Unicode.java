package dev.parley.domain;

/** Text rules every string Parley relays must meet, whatever door it came in by (a WebSocket frame, the HTTP API). */
public final class Unicode {

    private Unicode() {
    }

    /**
     * Whether every surrogate in {@code text} is half of a pair. A lone one (JSON can carry it as {@code "\ud83d"}) has
     * no UTF-8 form: a frame holding it cannot be sent, so it would silently cut off everyone it was sent to.
     */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
