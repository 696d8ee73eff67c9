package dev.parley.broker.memory;

import dev.parley.broker.BrokerHandler;
import dev.parley.broker.RoomEvent;
import dev.parley.broker.RoomLimitException;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The rooms open in this JVM, each with its log. A room is made on first use and freed, history and all, once it has
 * had no member and no message for {@code emptyRoomSeconds} ({@link #freeIdle()}); at most {@code maxRooms} are open
 * at once. A room being freed may still be found by a call racing the sweep: its log refuses work once freed, and the
 * call is made again on a new one ({@link #apply}).
 */
final class OpenRooms {

    private final ConcurrentMap<RoomId, RoomLog> logs = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final long emptyNanos;
    private final LongSupplier nanoTime;
    private final RoomLoader loader;
    /** The handler a room's events go to while it is subscribed, else null. */
    private final Function<RoomId, BrokerHandler> subscribers;
    /** Told of each room freed. */
    private final Consumer<RoomId> onFreed;

    OpenRooms(ParleyConfig config, LongSupplier nanoTime, RoomLoader loader,
              Function<RoomId, BrokerHandler> subscribers, Consumer<RoomId> onFreed) {
        this.maxRooms = config.maxRooms();
        this.emptyNanos = TimeUnit.SECONDS.toNanos(config.emptyRoomSeconds());
        this.nanoTime = nanoTime;
        this.loader = loader;
        this.subscribers = subscribers;
        this.onFreed = onFreed;
    }

    /** The room's log, or null when the room is not open. */
    RoomLog get(RoomId id) {
        return logs.get(id);
    }

    /**
     * Applies {@code action} to the room's log, making the log if needed (loaded from the archive, read with no lock
     * held; of two loads racing, one is kept).
     *
     * @param action returns null when it found the log freed, or stale: it is then applied to a new one, or to the
     *               same one once caught up with the archive
     * @throws RoomLimitException when the room is not open and {@code maxRooms} are, none of them idle
     */
    <T> T apply(RoomId id, Function<RoomLog, T> action) {
        while (true) {
            RoomLog log = logs.get(id);
            if (log == null) {
                if (logs.size() >= maxRooms && freeIdle() == 0 && logs.size() >= maxRooms) {
                    throw new RoomLimitException(maxRooms);
                }
                RoomLog loaded = loader.load(id);
                log = logs.putIfAbsent(id, loaded);
                log = log == null ? loaded : log;
            }
            T result = action.apply(log);
            if (result != null) {
                return result;
            }
            if (log.isStale()) {
                loader.catchUp(id, log, subscribers.apply(id));
            } else {
                logs.remove(id, log);
            }
        }
    }

    /**
     * Passes a removal on in the room's order, {@code record} (the ban) run first: under the log's monitor when the
     * room is open, else at once (no message to order it with).
     */
    void remove(RoomId room, String subject, Removal removal, Runnable record) {
        RoomLog log = logs.get(room);
        if (log != null) {
            log.remove(subject, removal, record, subscribers.apply(room));
        } else {
            record.run();
            BrokerHandler subscriber = subscribers.apply(room);
            if (subscriber != null) {
                subscriber.handle(new RoomEvent.Removed(room, subject, removal));
            }
        }
    }

    /** Frees the rooms idle for {@code emptyRoomSeconds}; returns how many. */
    int freeIdle() {
        long now = nanoTime.getAsLong();
        int freed = 0;
        for (Map.Entry<RoomId, RoomLog> entry : logs.entrySet()) {
            if (entry.getValue().freeIfIdle(now, emptyNanos) && logs.remove(entry.getKey(), entry.getValue())) {
                onFreed.accept(entry.getKey());
                freed++;
            }
        }
        return freed;
    }

    int size() {
        return logs.size();
    }

    /** The open rooms, sorted. */
    List<RoomSummary> summaries() {
        return logs.values().stream().map(RoomLog::summary).sorted().toList();
    }
}
