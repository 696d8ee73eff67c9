package dev.parley.broker.memory;

import dev.parley.archive.ArchiveException;
import dev.parley.archive.GroupCommit;
import dev.parley.archive.RuleChange;
import dev.parley.broker.ArchivedHistory;
import dev.parley.broker.Broker;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerStatus;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Presence;
import dev.parley.broker.Publication;
import dev.parley.broker.ReadState;
import dev.parley.broker.RoomEvent;
import dev.parley.broker.RoomLimitException;
import dev.parley.broker.RoomView;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.RoomSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>
 * With an archive, a room is loaded from it when first used (epoch, numbering, rev, recent history and client ids), a
 * message is delivered and acked only once committed ({@link RoomLog}), {@link #publish} waits for that commit, a
 * change is written before it is delivered ({@link RoomChanges}), and pages before a seq older than the ring and the
 * changes of older messages are read from the archive; the latest messages and recovered messages read the ring
 * alone. An archive that fails makes calls throw {@link BrokerUnavailableException}.
 */
public final class MemoryBroker implements Broker {

    private final ConcurrentMap<RoomId, RoomLog> rooms = new ConcurrentHashMap<>();
    private final Set<RoomId> subscribed = ConcurrentHashMap.newKeySet();
    private final RoomRulesTable rules;
    private final int maxRooms;
    private final long emptyNanos;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final RoomLoader loader;
    /** The archive's writer, or null when the archive is off. */
    private final GroupCommit commits;
    /** Where history reads the archive, or null when the archive is off. */
    private final ArchivedHistory archived;
    private final MemoryReadMarkers readMarkers;
    private volatile BrokerHandler handler;

    public MemoryBroker(ParleyConfig config, Clock clock, LongSupplier nanoTime, Supplier<String> newEpoch) {
        this(config, clock, nanoTime, newEpoch, null);
    }

    /** @param commits the archive's writer, or null to keep rooms in memory only */
    public MemoryBroker(ParleyConfig config, Clock clock, LongSupplier nanoTime, Supplier<String> newEpoch,
                        GroupCommit commits) {
        this.commits = commits;
        this.archived = commits == null ? null : new ArchivedHistory(commits.archive());
        this.rules = new RoomRulesTable(commits == null ? null : commits.archive());
        this.maxRooms = config.maxRooms();
        this.emptyNanos = TimeUnit.SECONDS.toNanos(config.emptyRoomSeconds());
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.readMarkers = new MemoryReadMarkers(this, commits == null ? null : commits.archive(),
                config.historySize());
        this.loader = new RoomLoader(config, clock, nanoTime, newEpoch, commits);
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
        // Milliseconds, as the wire and every store keep them: what was delivered is what is read back.
        Instant ts = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            Ticket ticket = apply(post.room(), log -> log.publish(post, ts, nanoTime.getAsLong(),
                    subscriber(post.room()), rules::admit));
            if (ticket.waitFor() != null) {
                ticket.waitFor().awaitDelivery(subscriber(post.room()));
            }
            return ticket.publication();
        } catch (ArchiveException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }

    @Override
    public ChatMessage message(RoomId room, long seq) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return commits == null ? null : RoomLoader.readArchive(() -> commits.archive().message(room, seq));
        }
        return RoomLoader.readArchive(() -> log.changes().message(seq));
    }

    @Override
    public Changed change(MessageChange change) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return RoomLoader.readArchive(() -> apply(change.room(),
                log -> log.changes().apply(change, at, subscriber(change.room()))));
    }

    @Override
    public History history(RoomId room, HistoryQuery query) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            if (archived != null) {
                return archived.notInLog(room, query);
            }
            boolean complete = !(query instanceof HistoryQuery.After);
            return new History(null, 0, List.of(), complete);
        }
        History history = query instanceof HistoryQuery.After after && after.changesAfter() >= 0
                ? RoomLoader.readArchive(() -> log.changes().recover(after)) : log.read(query);
        if (archived != null && query instanceof HistoryQuery.Before before) {
            return archived.before(room, history, before);
        }
        return history;
    }

    @Override
    public List<ChatMessage> search(RoomId room, String query, long before, int limit) {
        if (archived == null) {
            return Broker.super.search(room, query, before, limit);
        }
        return archived.search(room, query, before, limit);
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
            log.typing(member, subscriber(room));
        }
    }

    @Override
    public RoomRules rules(RoomId room) {
        return rules.get(room);
    }

    @Override
    public void setAccess(RoomId room, RoomAccess access) {
        rules.change(room, RuleChange.access(access));
        if (access == RoomAccess.PRIVATE) {
            remove(room, null, Removal.REVOKED);
        }
    }

    @Override
    public boolean setMember(RoomId room, String subject, Role role) {
        boolean had = rules.change(room, RuleChange.member(subject, role)).members().containsKey(subject);
        if (role == null) {
            remove(room, subject, Removal.REVOKED);
        }
        return had;
    }

    @Override
    public void recordGrant(RoomId room, String subject, Role role) {
        rules.change(room, RuleChange.grant(subject, role));
    }

    @Override
    public boolean remove(RoomId room, String subject, Removal removal) {
        if (removal == Removal.BANNED) {
            rules.writeThrough(room, RuleChange.ban(subject, true));
        }
        AtomicBoolean fresh = new AtomicBoolean(true);
        Runnable record = () -> fresh.set(removal != Removal.BANNED || rules.ban(room, subject, true));
        RoomLog log = rooms.get(room);
        if (log != null) {
            log.remove(subject, removal, record, subscriber(room));
        } else { // no log, so no message to order the event with
            record.run();
            BrokerHandler subscriber = subscriber(room);
            if (subscriber != null) {
                subscriber.handle(new RoomEvent.Removed(room, subject, removal));
            }
        }
        return fresh.get();
    }

    @Override
    public boolean unban(RoomId room, String subject) {
        return rules.change(room, RuleChange.ban(subject, false)).isBanned(subject);
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
                if (commits == null) {
                    readMarkers.startOver(entry.getKey());
                }
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
        readMarkers.close();
    }

    @Override
    public ReadState markRead(RoomId room, String subject, long seq, String origin) {
        return readMarkers.markRead(room, subject, seq, origin);
    }

    @Override
    public ReadState readState(RoomId room, String subject) {
        return readMarkers.readState(room, subject);
    }

    @Override
    public void forget(RoomId room, String subject) {
        readMarkers.forget(room, subject);
    }

    @Override
    public void belong(RoomId room, String subject) {
        readMarkers.belong(room, subject);
    }

    @Override
    public List<RoomView> roomsOf(String subject) {
        return readMarkers.roomsOf(subject);
    }

    /** The handler while the room is subscribed, else null. */
    BrokerHandler subscriber(RoomId room) {
        return subscribed.contains(room) ? handler : null;
    }

    /**
     * Applies {@code action} to the room's log, making the log if needed (loaded from the archive, read with no lock
     * held; of two loads racing, one is kept).
     *
     * @param action returns null when it found the log freed, or stale: it is then applied to a new one, or to the
     *               same one once caught up with the archive
     */
    <T> T apply(RoomId id, Function<RoomLog, T> action) {
        while (true) {
            RoomLog log = rooms.get(id);
            if (log == null) {
                if (rooms.size() >= maxRooms && freeIdleRooms() == 0 && rooms.size() >= maxRooms) {
                    throw new RoomLimitException(maxRooms);
                }
                RoomLog loaded = loader.load(id);
                log = rooms.putIfAbsent(id, loaded);
                log = log == null ? loaded : log;
            }
            T result = action.apply(log);
            if (result != null) {
                return result;
            }
            if (log.isStale()) {
                loader.catchUp(id, log, subscriber(id));
            } else {
                rooms.remove(id, log);
            }
        }
    }
}
