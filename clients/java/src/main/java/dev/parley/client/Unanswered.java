package dev.parley.client;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * The rooms whose {@code join}, {@code history} or {@code search} awaits its answer, oldest first by type: the server
 * answers each type in order, so an {@code error} whose ref is one of these types belongs to the oldest. On the
 * client's thread.
 */
final class Unanswered {

    private final Map<String, ArrayDeque<String>> byType =
            Map.of("join", new ArrayDeque<>(), "history", new ArrayDeque<>(), "search", new ArrayDeque<>());

    /** Whether requests of {@code type} are kept here. */
    boolean keeps(String type) {
        return type != null && byType.containsKey(type);
    }

    void sent(String type, String room) {
        byType.get(type).add(room);
    }

    /** A frame of {@code type} about {@code room} arrived: when it is an answer, that request is answered. */
    void answered(String type, String room) {
        ArrayDeque<String> rooms = type == null ? null : byType.get(type.equals("joined") ? "join" : type);
        if (rooms != null) {
            rooms.remove(room);
        }
    }

    /** The room of the oldest request of {@code type}, which an error answered; null when none waits. */
    String refused(String type) {
        return byType.get(type).poll();
    }

    /** The connection ended: no answer will come. */
    void clear() {
        byType.values().forEach(ArrayDeque::clear);
    }
}
