package dev.parley.broker.memory;

import dev.parley.broker.BrokerHandler;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.BannedException;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Presence;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomEvent;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import dev.parley.domain.UserName;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One room in memory: its seq counter, history ring, recent client ids and presence. Every change, and the delivery
 * of the event it makes, happens under the log's monitor, so subscribers receive events in the order they happened.
 */
final class RoomLog {

    private final RoomId id;
    /** This room instance: seqs start over when a room is made again (a freed room, a restarted server). */
    private final String epoch;
    private final RoomHistory history;
    private final RecentIds recentIds;
    private final Map<String, UserName> connections = new HashMap<>();
    /** Connections per name: a name is present while it has at least one. */
    private final TreeMap<UserName, Integer> names = new TreeMap<>();
    private long seq;
    private long presenceVersion;
    /** nanoTime of the last join, leave or message: an empty room is freed some time after it. */
    private long lastActivity;
    private boolean freed;

    RoomLog(RoomId id, String epoch, RoomHistory history, RecentIds recentIds, long now) {
        this.id = id;
        this.epoch = epoch;
        this.history = history;
        this.recentIds = recentIds;
        this.lastActivity = now;
    }

    /**
     * Marks the log freed if it has had no members and no message for {@code idleNanos}; a freed log takes no more
     * work, and whoever finds it so makes a new one.
     */
    synchronized boolean freeIfIdle(long now, long idleNanos) {
        if (!freed && connections.isEmpty() && now - lastActivity >= idleNanos) {
            freed = true;
        }
        return freed;
    }

    /**
     * @param banned whether a subject is banned now, asked under this monitor, which bans take too ({@link #remove})
     * @return null, doing nothing, when the log has been freed
     * @throws BannedException when the post's subject is banned
     */
    synchronized Publication publish(Post post, Instant ts, long now, BrokerHandler subscriber,
                                     Predicate<String> banned) {
        if (freed) {
            return null;
        }
        if (post.subject() != null && banned.test(post.subject())) {
            throw new BannedException(id);
        }
        lastActivity = now;
        if (post.clientId() != null) {
            RecentIds.Accepted earlier = recentIds.find(post.user(), post.clientId(), now);
            if (earlier != null) {
                return new Publication(new ChatMessage(id, earlier.seq(), post.clientId(), post.user(), post.text(),
                        earlier.ts()), epoch, true);
            }
        }
        ChatMessage message = new ChatMessage(id, seq + 1, post.clientId(), post.user(), post.text(), ts);
        history.add(message);
        seq = message.seq();
        if (post.clientId() != null) {
            recentIds.remember(post.user(), post.clientId(), seq, ts, now);
        }
        if (subscriber != null) {
            subscriber.handle(new RoomEvent.Published(message, epoch, post.origin()));
        }
        return new Publication(message, epoch, false);
    }

    /** @return null, doing nothing, when the log has been freed */
    synchronized Presence join(Member member, long now, BrokerHandler subscriber) {
        if (freed) {
            return null;
        }
        lastActivity = now;
        boolean arrived = connections.put(member.connection(), member.name()) == null
                && names.merge(member.name(), 1, Integer::sum) == 1;
        return changed(arrived, arrived, member, subscriber);
    }

    synchronized Presence leave(Member member, long now, BrokerHandler subscriber) {
        UserName name = connections.remove(member.connection());
        if (name == null) {
            return presence(false);
        }
        lastActivity = now;
        boolean departed = names.merge(name, -1, Integer::sum) == 0;
        if (departed) {
            names.remove(name);
        }
        return changed(false, departed, new Member(member.connection(), name), subscriber);
    }

    /**
     * Records the change (a ban) and tells the subscribers that the subject's connections are out, both under the
     * monitor that numbering holds: no post of a subject banned here is numbered after this returns.
     */
    synchronized void remove(String subject, Removal removal, Runnable record, BrokerHandler subscriber) {
        record.run();
        if (subscriber != null && !freed) {
            subscriber.handle(new RoomEvent.Removed(id, subject, removal));
        }
    }

    synchronized void typing(UserName name, BrokerHandler subscriber) {
        if (subscriber != null && !freed) {
            subscriber.handle(new RoomEvent.Typing(id, name));
        }
    }

    synchronized History read(HistoryQuery query) {
        if (query instanceof HistoryQuery.Latest latest) {
            return new History(epoch, seq, history.latest(latest.limit()), true);
        }
        if (query instanceof HistoryQuery.Before before) {
            return new History(epoch, seq, history.before(before.seq(), before.limit()), true);
        }
        HistoryQuery.After after = (HistoryQuery.After) query;
        List<ChatMessage> missed = after.epoch() == null || after.epoch().equals(epoch)
                ? history.after(after.seq(), seq) : null;
        return new History(epoch, seq, missed == null ? List.of() : missed, missed != null);
    }

    synchronized RoomSummary summary() {
        return new RoomSummary(id, names.size(), seq);
    }

    private Presence changed(boolean arrived, boolean changed, Member member, BrokerHandler subscriber) {
        if (changed) {
            presenceVersion++;
            if (subscriber != null) {
                subscriber.handle(new RoomEvent.PresenceChanged(id, arrived, member.name(), names.size(),
                        presenceVersion, member.connection()));
            }
        }
        return presence(changed);
    }

    private Presence presence(boolean changed) {
        return new Presence(List.copyOf(names.keySet()), presenceVersion, changed);
    }
}
