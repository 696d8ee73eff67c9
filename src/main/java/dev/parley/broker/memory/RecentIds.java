package dev.parley.broker.memory;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client ids a room accepted lately, per author (a subject, or the name of a user who has none: see
 * {@code ChatMessage.author()}), so that two users who share a display name never take each other's ids, with the seq and time each got: at most {@code capacity} of them
 * and none older than {@code windowNanos}. Not thread-safe: its room log guards it.
 */
final class RecentIds {

    /** What a client id got when it was first accepted. */
    record Accepted(long seq, Instant ts, long acceptedAt) {
    }

    private record Key(String author, String clientId) {
    }

    private final Map<Key, Accepted> accepted = new LinkedHashMap<>();
    private final int capacity;
    private final long windowNanos;

    RecentIds(int capacity, long windowNanos) {
        this.capacity = capacity;
        this.windowNanos = windowNanos;
    }

    /** What the id got, if the author had it accepted within the window; else null. */
    Accepted find(String author, String clientId, long now) {
        forgetOld(now);
        return accepted.get(new Key(author, clientId));
    }

    void remember(String author, String clientId, long seq, Instant ts, long now) {
        accepted.put(new Key(author, clientId), new Accepted(seq, ts, now));
        forgetOld(now);
    }

    /** Forgets an id whose message was not recorded after all (its archive commit failed). */
    void forget(String author, String clientId) {
        accepted.remove(new Key(author, clientId));
    }

    int size() {
        return accepted.size();
    }

    /** Entries are in the order they were accepted: the oldest go first, and so do the ones past the capacity. */
    private void forgetOld(long now) {
        Iterator<Accepted> oldestFirst = accepted.values().iterator();
        while (oldestFirst.hasNext()) {
            Accepted oldest = oldestFirst.next();
            if (accepted.size() <= capacity && now - oldest.acceptedAt() < windowNanos) {
                return;
            }
            oldestFirst.remove();
        }
    }
}
