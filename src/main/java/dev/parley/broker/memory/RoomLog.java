package dev.parley.broker.memory;

import dev.parley.archive.ArchiveException;
import dev.parley.archive.GroupCommit;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Presence;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomEvent;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One room in memory: its seq counter, history ring, recent client ids and presence. Every change, and the delivery
 * of the event it makes, happens under the log's monitor, so subscribers receive events in the order they happened.
 * <p>
 * With an archive ({@link GroupCommit}), a message is numbered and queued for its commit under the monitor, and
 * delivered (history, event, and with it the sender's ack) only once committed, in seq order, by whichever publisher
 * gets there first ({@link #deliverCommitted}); no lock is held while the commit runs. Until then it is pending:
 * reads and joins see only delivered messages, so {@code joined.seq} and the live stream still fit. When a commit
 * fails, the room's uncommitted messages are dropped and their numbers handed out again, and the room turns stale:
 * the archive may hold a message whose commit only seemed to fail, so before its next use the broker reads what the
 * archive has past the known seq ({@link #caughtUp}).
 */
final class RoomLog {

    private final RoomId id;
    /** This room instance: seqs start over when a room is made again (a freed room, a restarted server). */
    private final String epoch;
    private final RoomHistory history;
    private final RecentIds recentIds;
    /** Where messages are committed before delivery, or null: delivered at once (the archive is off). */
    private final GroupCommit commits;
    /** Numbered messages not yet delivered, in seq order. */
    private final ArrayDeque<PendingMessage> pending = new ArrayDeque<>();
    private final RoomRemovals removals = new RoomRemovals();
    private final RoomPresence presence = new RoomPresence();
    private final RoomChanges changes;
    /** The latest delivered seq. */
    private long seq;
    /** The latest seq handed out: {@code seq} plus the pending messages. */
    private long numbered;
    /** The room's change counter: the rev of the latest change delivered. */
    private long rev;
    /** nanoTime of the last join, leave or message: an empty room is freed some time after it. */
    private long lastActivity;
    private boolean freed;
    private boolean stale;

    RoomLog(RoomId id, String epoch, RoomHistory history, RecentIds recentIds, long now, GroupCommit commits) {
        this.id = id;
        this.epoch = epoch;
        this.history = history;
        this.recentIds = recentIds;
        this.lastActivity = now;
        this.commits = commits;
        this.changes = new RoomChanges(id, this, commits == null ? null : commits.archive());
    }

    /** Takes over the archive's numbering and change counter; the loader filled the ring and the recent ids. */
    synchronized void restore(long lastSeq, long lastRev) {
        seq = lastSeq;
        numbered = lastSeq;
        rev = lastRev;
    }

    /**
     * Marks the log freed if it has had no members and no message for {@code idleNanos}; a freed log takes no more
     * work, and whoever finds it so makes a new one.
     */
    synchronized boolean freeIfIdle(long now, long idleNanos) {
        if (!freed && presence.isEmpty() && pending.isEmpty() && !stale && now - lastActivity >= idleNanos) {
            freed = true;
        }
        return freed;
    }

    /** True when the archive may hold messages this log does not: catch up before using it. */
    synchronized boolean isStale() {
        return stale;
    }

    /** The latest seq the archive is known to hold (delivered or committed). */
    synchronized long committedSeq() {
        return numbered;
    }

    /**
     * Numbers and records the message, or finds the resend's original.
     *
     * @param admit refuses a banned subject's post, under this monitor, which bans take too ({@link #remove})
     * @return null, doing nothing, when the log has been freed or is stale
     */
    synchronized Ticket publish(Post post, Instant ts, long now, BrokerHandler subscriber, Consumer<Post> admit) {
        if (freed || stale) {
            return null;
        }
        admit.accept(post);
        lastActivity = now;
        if (post.clientId() != null) {
            RecentIds.Accepted earlier = recentIds.find(post.author(), post.clientId(), now);
            if (earlier != null) {
                return new Ticket(new Publication(new ChatMessage(id, earlier.seq(), post.clientId(), post.user(),
                        post.text(), earlier.ts(), post.subject()), epoch, true), pendingOf(earlier.seq()));
            }
        }
        ChatMessage message = new ChatMessage(id, numbered + 1, post.clientId(), post.user(), post.text(), ts,
                post.subject());
        Publication publication = new Publication(message, epoch, false);
        if (commits == null) {
            numbered = message.seq();
            remember(message, now);
            deliver(message, post.origin(), subscriber);
            return new Ticket(publication, null);
        }
        PendingMessage entry = new PendingMessage(this, message, epoch, post.origin());
        commits.append(entry);
        numbered = message.seq();
        remember(message, now);
        pending.add(entry);
        return new Ticket(publication, entry);
    }

    /** Delivers the committed messages at the head of the pending ones, in seq order. */
    synchronized void deliverCommitted(BrokerHandler subscriber) {
        while (!pending.isEmpty() && pending.peek().isCommitted()) {
            PendingMessage next = pending.poll();
            deliver(next.chatMessage(), next.origin(), subscriber);
            removals.release(pending, subscriber);
        }
    }

    /**
     * Takes in what the archive holds past {@code from} (messages whose commit seemed to fail but happened), delivers
     * them, and makes the log usable again. Nothing happens unless the log is still stale at {@code from}.
     */
    synchronized void caughtUp(long from, List<ChatMessage> missed, long now, BrokerHandler subscriber) {
        if (!stale || numbered != from) {
            return;
        }
        deliverCommitted(subscriber);
        for (ChatMessage message : missed) {
            if (message.seq() != numbered + 1) {
                break;
            }
            numbered = message.seq();
            remember(message, now);
            deliver(message, null, subscriber);
        }
        stale = false;
    }

    /** @return null, doing nothing, when the log has been freed */
    synchronized Presence join(Member member, long now, BrokerHandler subscriber) {
        if (freed) {
            return null;
        }
        lastActivity = now;
        boolean arrived = presence.join(member);
        return changed(true, arrived ? member : null, subscriber);
    }

    synchronized Presence leave(Member member, long now, BrokerHandler subscriber) {
        lastActivity = now;
        return changed(false, presence.leave(member.connection()), subscriber);
    }

    /** Records a ban (under the monitor numbering holds) and passes the removal on in the room's order. */
    synchronized void remove(String subject, Removal removal, Runnable record, BrokerHandler subscriber) {
        record.run();
        removals.add(new RoomEvent.Removed(id, subject, removal), pending, numbered, freed ? null : subscriber);
    }

    synchronized void typing(Member member, BrokerHandler subscriber) {
        if (subscriber != null && !freed) {
            subscriber.handle(new RoomEvent.Typing(id, member.name(), member.subject()));
        }
    }

    /** Runs {@code read} under the monitor events are delivered under; null, doing nothing, when freed. */
    synchronized <T> T underMonitor(WindowRead<T> read) {
        return freed ? null : read.apply(seq, history.view(), history.oldestSeq());
    }

    RoomChanges changes() {
        return changes;
    }

    /** @return null when the log is freed or stale (then it is made anew, or caught up) */
    synchronized RoomChanges.Found find(long messageSeq) {
        if (freed || stale) {
            return null;
        }
        return new RoomChanges.Found(history.get(messageSeq), messageSeq >= 1 && messageSeq <= seq, rev);
    }

    /** Takes in a change recorded by {@link RoomChanges} and delivers it. */
    synchronized void changed(Changed changed, BrokerHandler subscriber) {
        rev = changed.rev();
        history.replace(changed.message());
        if (subscriber != null && !freed) {
            subscriber.handle(new RoomEvent.Changed(changed));
        }
    }

    /** The oldest seq the ring holds, 0 when none. */
    synchronized long oldestSeq() {
        return history.oldestSeq();
    }

    /**
     * A cut at the delivered seq and rev. For a recovery that asks for changes, those the ring holds; more than
     * {@link History#MAX_CHANGES}, or a rev ahead of the room's, make them incomplete.
     */
    synchronized History read(HistoryQuery query) {
        if (query instanceof HistoryQuery.Latest latest) {
            return new History(epoch, seq, history.latest(latest.limit()), true, rev);
        }
        if (query instanceof HistoryQuery.Before before) {
            return new History(epoch, seq, history.before(before.seq(), before.limit()), true, rev);
        }
        HistoryQuery.After after = (HistoryQuery.After) query;
        List<ChatMessage> missed = after.epoch() == null || after.epoch().equals(epoch)
                ? history.after(after.seq(), seq) : null;
        if (missed == null || after.changesAfter() < 0) {
            return new History(epoch, seq, missed == null ? List.of() : missed, missed != null, rev);
        }
        List<ChatMessage> changed = history.changedAfter(after.changesAfter(), after.seq());
        boolean complete = after.changesAfter() <= rev && changed.size() <= History.MAX_CHANGES;
        return new History(epoch, seq, missed, true, rev, complete ? changed : List.of(), complete);
    }

    synchronized RoomSummary summary() {
        return new RoomSummary(id, presence.users(), seq);
    }

    private void deliver(ChatMessage message, String origin, BrokerHandler subscriber) {
        history.add(message);
        seq = message.seq();
        if (subscriber != null) {
            subscriber.handle(new RoomEvent.Published(message, epoch, origin));
        }
    }

    private void remember(ChatMessage message, long now) {
        if (message.clientId() != null) {
            recentIds.remember(message.author(), message.clientId(), message.seq(), message.ts(), now);
        }
    }

    /** The pending entry of {@code seq}, or null when it is delivered. */
    private PendingMessage pendingOf(long pendingSeq) {
        for (PendingMessage entry : pending) {
            if (entry.chatMessage().seq() == pendingSeq) {
                return entry;
            }
        }
        return null;
    }

    /**
     * The commit of {@code entry} failed: it and every later pending message are dropped, their ids forgotten and
     * their senders told; the numbers are handed out again once the room has caught up with the archive.
     */
    synchronized void failed(PendingMessage entry, ArchiveException cause) {
        if (!entry.cancelled()) {
            while (!pending.isEmpty() && pending.peekLast() != entry) {
                drop(pending.pollLast(), cause);
            }
            pending.pollLast();
            drop(entry, cause);
            numbered = entry.chatMessage().seq() - 1;
            stale = true;
        }
        entry.fail(cause);
    }

    private void drop(PendingMessage entry, ArchiveException cause) {
        entry.cancel();
        if (entry.chatMessage().clientId() != null) {
            recentIds.forget(entry.chatMessage().author(), entry.chatMessage().clientId());
        }
        entry.fail(cause);
    }

    /** @param member the member whose user arrived or departed, or null when nobody did */
    private Presence changed(boolean arrived, Member member, BrokerHandler subscriber) {
        if (member != null && subscriber != null) {
            subscriber.handle(new RoomEvent.PresenceChanged(id, arrived, member.name(), member.subject(),
                    presence.users(), presence.version(), member.connection()));
        }
        return presence.snapshot(member != null);
    }
}
