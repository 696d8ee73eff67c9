package dev.parley.broker.memory;

import dev.parley.domain.ChatMessage;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} messages of a room, in seq order. Not thread-safe: its room guards it. */
final class RoomHistory {

    private final ChatMessage[] ring;
    private int start;
    private int size;

    RoomHistory(int capacity) {
        this.ring = new ChatMessage[capacity];
    }

    /** Appends a message whose seq follows the last one's. */
    void add(ChatMessage message) {
        if (size > 0 && message.seq() != newest().seq() + 1) {
            throw new IllegalStateException("history must grow by one seq at a time");
        }
        if (size < ring.length) {
            ring[(start + size) % ring.length] = message;
            size++;
        } else {
            ring[start] = message;
            start = (start + 1) % ring.length;
        }
    }

    /** The last at most {@code limit} messages, oldest first. */
    List<ChatMessage> latest(int limit) {
        return range(Math.max(0, size - limit), size);
    }

    /** The last at most {@code limit} messages with a seq below {@code before}, oldest first. */
    List<ChatMessage> before(long before, int limit) {
        int end = size == 0 ? 0 : (int) Math.max(0, Math.min(size, before - oldest().seq()));
        return range(Math.max(0, end - limit), end);
    }

    /**
     * Every message after {@code since}, or null when some of them are no longer kept (or {@code since} is ahead of
     * the newest message, which happens after the server restarted and numbered the room anew).
     */
    List<ChatMessage> after(long since, long latestSeq) {
        if (since > latestSeq) {
            return null;
        }
        if (since == latestSeq) {
            return List.of();
        }
        if (size == 0 || since + 1 < oldest().seq()) {
            return null;
        }
        return range((int) (since + 1 - oldest().seq()), size);
    }

    /** The messages held, oldest first, as a view: read it under the room's guard only. */
    List<ChatMessage> view() {
        return new AbstractList<>() {
            @Override
            public ChatMessage get(int index) {
                java.util.Objects.checkIndex(index, size);
                return ring[(start + index) % ring.length];
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The message of {@code seq} if the ring holds it, else null. */
    ChatMessage get(long seq) {
        int index = size == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, seq - oldest().seq());
        return index < 0 || index >= size ? null : ring[(start + index) % ring.length];
    }

    /** Puts a changed message in the place of its seq, if the ring still holds it. */
    void replace(ChatMessage changed) {
        int index = size == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, changed.seq() - oldest().seq());
        if (index >= 0 && index < size) {
            ring[(start + index) % ring.length] = changed;
        }
    }

    /** The oldest seq the ring holds, or 0 when it is empty. */
    long oldestSeq() {
        return size == 0 ? 0 : oldest().seq();
    }

    /** The held messages with a seq up to {@code upTo} whose last change is after {@code rev}, oldest first. */
    List<ChatMessage> changedAfter(long rev, long upTo) {
        List<ChatMessage> changed = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ChatMessage message = ring[(start + i) % ring.length];
            if (message.seq() > upTo) {
                break;
            }
            if (message.rev() > rev) {
                changed.add(message);
            }
        }
        return changed;
    }

    private ChatMessage oldest() {
        return ring[start];
    }

    private ChatMessage newest() {
        return ring[(start + size - 1) % ring.length];
    }

    private List<ChatMessage> range(int from, int to) {
        List<ChatMessage> messages = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            messages.add(ring[(start + i) % ring.length]);
        }
        return messages;
    }
}
