package dev.parley.application;

import dev.parley.broker.Unread;
import dev.parley.domain.ChatMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The connections here that watch a room from outside ({@code rooms}), each with its user: they get {@code activity}
 * for other users' messages and their user's {@code read} moves. Not thread-safe: its {@link LocalRoom} guards it.
 * A watcher that has since joined the room is skipped: as a member it gets the frames themselves.
 */
final class RoomWatchers {

    private final Map<Connection, String> watchers = new LinkedHashMap<>();

    void add(Connection connection, String subject) {
        watchers.put(connection, subject);
    }

    void remove(Connection connection) {
        watchers.remove(connection);
    }

    boolean isEmpty() {
        return watchers.isEmpty();
    }

    /** Offers {@code activity} (encoded once, when there is a watcher) to the watchers of another user. */
    void offerActivity(ChatMessage message, Supplier<String> encoded, Predicate<Connection> isMember, Fanout out) {
        if (watchers.isEmpty()) {
            return;
        }
        String frame = encoded.get();
        watchers.forEach((connection, subject) -> {
            if (Unread.counts(message, subject) && !isMember.test(connection)) {
                out.offer(connection, frame);
            }
        });
    }

    /** Offers a {@code read} to the user's watching connections but the one that read. */
    void offerRead(String subject, String origin, Supplier<String> frame, Predicate<Connection> isMember, Fanout out) {
        watchers.forEach((connection, watcher) -> {
            if (watcher.equals(subject) && !connection.id().equals(origin) && !isMember.test(connection)) {
                out.offer(connection, frame.get());
            }
        });
    }
}
