package dev.parley.broker.memory;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerStatus;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Presence;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomEvent;
import dev.parley.broker.RoomLimitException;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.RoomSummary;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The broker of one node. Rooms are made on first use and freed, history and all, once they have had no member and
 * no message for {@code emptyRoomSeconds} ({@link #freeIdleRooms()}); at most {@code maxRooms} exist at once. A room
 * being freed may still be found by a call racing the sweep: its log refuses work once freed, and the call is made
 * again on a new one.
 * <p>
 * Events are delivered inline, under the room log's monitor, to the handler when the room is subscribed: the order of
 * delivery is the order of the changes, and the caller of {@link #publish} finds its message delivered on return.
 */
public final class MemoryBroker implements Broker {

    private final ConcurrentMap<RoomId, RoomLog> rooms = new ConcurrentHashMap<>();
    private final Set<RoomId> subscribed = ConcurrentHashMap.newKeySet();
    private final RoomRulesTable rules = new RoomRulesTable();
    private final int historySize;
    private final int maxRooms;
    private final long emptyNanos;
    private final int dedupeEntries;
    private final long dedupeNanos;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Supplier<String> newEpoch;
    private volatile BrokerHandler handler;

    public MemoryBroker(ParleyConfig config, Clock clock, LongSupplier nanoTime, Supplier<String> newEpoch) {
        this.historySize = config.historySize();
        this.maxRooms = config.maxRooms();
        this.emptyNanos = TimeUnit.SECONDS.toNanos(config.emptyRoomSeconds());
        this.dedupeEntries = config.dedupeEntries();
        this.dedupeNanos = TimeUnit.SECONDS.toNanos(config.dedupeSeconds());
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.newEpoch = newEpoch;
    }

    @Override
    public void register(BrokerHandler handler) {
        this.handler = handler;
    }

    @Override
    public void subscribe(RoomId room) {
        subscribed.add(room);
    }

    @Override
    public void unsubscribe(RoomId room) {
        subscribed.remove(room);
    }

    @Override
    public Publication publish(Post post) {
        return apply(post.room(), log -> log.publish(post, clock.instant(), nanoTime.getAsLong(),
                subscriber(post.room()), subject -> rules.get(post.room()).isBanned(subject)));
    }

    @Override
    public History history(RoomId room, HistoryQuery query) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            boolean complete = !(query instanceof HistoryQuery.After);
            return new History(null, 0, List.of(), complete);
        }
        return log.read(query);
    }

    @Override
    public Presence join(RoomId room, Member member) {
        return apply(room, log -> log.join(member, nanoTime.getAsLong(), subscriber(room)));
    }

    @Override
    public Presence leave(RoomId room, Member member) {
        RoomLog log = rooms.get(room);
        return log == null ? new Presence(List.of(), 0, false)
                : log.leave(member, nanoTime.getAsLong(), subscriber(room));
    }

    @Override
    public void typing(RoomId room, Member member) {
        RoomLog log = rooms.get(room);
        if (log != null) {
            log.typing(member.name(), subscriber(room));
        }
    }

    @Override
    public RoomRules rules(RoomId room) {
        return rules.get(room);
    }

    @Override
    public void setAccess(RoomId room, RoomAccess access) {
        rules.update(room, current -> current.withAccess(access));
    }

    @Override
    public boolean setMember(RoomId room, String subject, Role role) {
        return rules.update(room, current -> current.withMember(subject, role)).members().containsKey(subject);
    }

    @Override
    public void recordGrant(RoomId room, String subject, Role role) {
        rules.update(room, current -> current.withGrant(subject, role));
    }

    @Override
    public boolean remove(RoomId room, String subject, Removal removal) {
        boolean[] fresh = {true};
        Runnable record = removal != Removal.BANNED ? () -> { }
                : () -> fresh[0] = !rules.update(room, current -> current.withBan(subject, true)).isBanned(subject);
        RoomLog log = rooms.get(room);
        if (log == null) {
            // No log, no message to order the event with; a post that makes one meanwhile is not after this call.
            record.run();
            BrokerHandler subscriber = subscriber(room);
            if (subscriber != null) {
                subscriber.handle(new RoomEvent.Removed(room, subject, removal));
            }
        } else {
            log.remove(subject, removal, record, subscriber(room));
        }
        return fresh[0];
    }

    @Override
    public boolean unban(RoomId room, String subject) {
        return rules.update(room, current -> current.withBan(subject, false)).isBanned(subject);
    }

    @Override
    public List<RoomSummary> rooms() {
        return rooms.values().stream().map(RoomLog::summary).sorted().toList();
    }

    @Override
    public int freeIdleRooms() {
        long now = nanoTime.getAsLong();
        int freed = 0;
        for (Map.Entry<RoomId, RoomLog> entry : rooms.entrySet()) {
            if (entry.getValue().freeIfIdle(now, emptyNanos) && rooms.remove(entry.getKey(), entry.getValue())) {
                freed++;
            }
        }
        return freed;
    }

    @Override
    public BrokerStatus status() {
        return new BrokerStatus("memory", true, rooms.size() + " rooms in this JVM");
    }

    @Override
    public void close() {
        subscribed.clear();
    }

    /** The handler while the room is subscribed, else null. */
    private BrokerHandler subscriber(RoomId room) {
        return subscribed.contains(room) ? handler : null;
    }

    /**
     * Applies {@code action} to the room's log, making the log if needed.
     *
     * @param action returns null when it found the log freed; it is then applied to a new one
     */
    private <T> T apply(RoomId id, Function<RoomLog, T> action) {
        while (true) {
            RoomLog log = rooms.get(id);
            if (log == null) {
                if (rooms.size() >= maxRooms && freeIdleRooms() == 0 && rooms.size() >= maxRooms) {
                    throw new RoomLimitException(maxRooms);
                }
                log = rooms.computeIfAbsent(id, key -> new RoomLog(key, newEpoch.get(), new RoomHistory(historySize),
                        new RecentIds(dedupeEntries, dedupeNanos), nanoTime.getAsLong()));
            }
            T result = action.apply(log);
            if (result != null) {
                return result;
            }
            rooms.remove(id, log);
        }
    }
}
