package dev.parley.application;

import dev.parley.domain.RoomId;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameEncoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The rooms in memory. A room is made on first use and freed, history and all, once it has had no member and no
 * message for a while ({@link #freeIdle()}); at most {@code maxRooms} exist at once. A room being freed may still be
 * found by a join racing the sweep: {@link Room} refuses work once freed, and {@link #apply} then makes a new one.
 */
final class RoomRegistry {

    private final ConcurrentMap<RoomId, Room> rooms = new ConcurrentHashMap<>();
    private final FrameEncoder encoder;
    private final int historySize;
    private final int maxRooms;
    private final long emptyNanos;
    private final LongSupplier nanoTime;
    private final Supplier<String> newEpoch;

    RoomRegistry(FrameEncoder encoder, int historySize, int maxRooms, long emptyNanos, LongSupplier nanoTime,
                 Supplier<String> newEpoch) {
        this.newEpoch = newEpoch;
        this.encoder = encoder;
        this.historySize = historySize;
        this.maxRooms = maxRooms;
        this.emptyNanos = emptyNanos;
        this.nanoTime = nanoTime;
    }

    /** The room, or null when it does not exist. */
    Room find(RoomId id) {
        return rooms.get(id);
    }

    /**
     * Applies {@code action} to the room, making the room if needed.
     *
     * @param action returns null when it found the room freed; it is then applied to a new room
     * @param ref    the client's ref for the error when the room cannot be made
     * @throws ChatException when the room does not exist and there are already {@code maxRooms}
     */
    <T> T apply(RoomId id, String ref, Function<Room, T> action) {
        while (true) {
            Room room = rooms.get(id);
            if (room == null) {
                if (rooms.size() >= maxRooms && freeIdle() == 0 && rooms.size() >= maxRooms) {
                    throw new ChatException(ErrorCode.BAD_REQUEST, "the server already holds its maximum of "
                            + maxRooms + " rooms; join one that has members", ref);
                }
                room = rooms.computeIfAbsent(id, key -> new Room(key, newEpoch.get(), encoder, historySize,
                        nanoTime.getAsLong()));
            }
            T result = action.apply(room);
            if (result != null) {
                return result;
            }
            rooms.remove(id, room);
        }
    }

    /** Frees every room that has been empty and quiet for long enough; answers how many. */
    int freeIdle() {
        long now = nanoTime.getAsLong();
        int freed = 0;
        for (Map.Entry<RoomId, Room> entry : rooms.entrySet()) {
            if (entry.getValue().freeIfIdle(now, emptyNanos) && rooms.remove(entry.getKey(), entry.getValue())) {
                freed++;
            }
        }
        return freed;
    }

    /** Every room with its member count and latest seq, by name. */
    List<RoomSummary> summaries() {
        return rooms.values().stream().map(Room::summary).sorted().toList();
    }

    int size() {
        return rooms.size();
    }
}
