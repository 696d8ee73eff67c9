package dev.parley.broker.memory;

import dev.parley.domain.ChatMessage;
import java.util.List;

/** A read made under a room log's monitor: its latest seq, its ring (a view) and the ring's oldest seq (0: none). */
@FunctionalInterface
interface WindowRead<T> {
    T apply(long latest, List<ChatMessage> ring, long oldest);
}
