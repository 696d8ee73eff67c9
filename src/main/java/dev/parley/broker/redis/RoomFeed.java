package dev.parley.broker.redis;

import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.RoomEvent;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One subscribed room's events on their way from Redis to the handler: one at a time, in the order they came, on the
 * broker's delivery threads (never Lettuce's). Messages are passed on in seq order without gaps: a repeat is dropped,
 * and a seq past the next one makes the feed read the missing ones from the room's stream and pass them on first.
 * <p>
 * Until the feed knows the room's position (read after the subscription was confirmed), it keeps what arrives; then
 * it passes on what comes after that position. What it cannot pass on without a hole it reports as a
 * {@link RoomEvent.Reset} naming where it goes on, so that only the members who would miss something rejoin.
 */
final class RoomFeed {

    private static final Logger LOG = Logger.getLogger(RoomFeed.class.getName());

    private final RoomId room;
    private final Executor executor;
    private final BrokerHandler handler;
    /** Reads the messages after a seq from the stream, as Published events. */
    private final LongFunction<List<RoomEvent.Published>> after;
    private final BrokerMetrics metrics;

    // guarded by this
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    // changed only by the task running, one at a time; read by the position check too
    private List<RoomEvent> early = new ArrayList<>();
    private volatile long seq;
    private volatile String epoch = "";
    private final ChangeRevs revs = new ChangeRevs();
    private volatile boolean stopped;

    RoomFeed(RoomId room, Executor executor, BrokerHandler handler, LongFunction<List<RoomEvent.Published>> after,
             BrokerMetrics metrics) {
        this.room = room;
        this.metrics = metrics;
        this.executor = executor;
        // A stopped feed passes nothing on, also from a task that was queued or running when it stopped.
        this.handler = event -> {
            if (!stopped) {
                handler.handle(event);
            }
        };
        this.after = after;
    }

    /**
     * The room was unsubscribed: from now on nothing reaches the handler, neither from the channel nor from a position
     * check or repair that read the stream after the room's events stopped being wanted.
     */
    void stop() {
        stopped = true;
    }

    RoomId room() {
        return room;
    }

    /** An event from the room's channel, in the order Redis published it; read here, not on Lettuce's thread. */
    void received(String payload) {
        run(() -> {
            RoomEvent event = RedisEvents.event(room, payload);
            if (event == null) {
                return;
            }
            if (early != null) {
                early.add(event);
            } else {
                pass(event);
            }
        });
    }

    /**
     * The subscription was (re)confirmed: events published while it was gone are lost, so the handler is asked to
     * check the room's rules against its connections ({@link Removal#REVOKED} for every user), in the room's order.
     * Before the feed started there is nothing to check: the join that subscribed checks the rules itself.
     */
    void recheckRules() {
        run(() -> {
            if (early == null) {
                handler.handle(new RoomEvent.Removed(room, null, Removal.REVOKED));
            }
        });
    }

    /** The room's position once subscribed: what came before it is not passed on. */
    void start(long position, String currentEpoch) {
        start(new Position(currentEpoch, position));
    }

    /** The room's position (with its rev, when known) once subscribed: what came before it is not passed on. */
    void start(Position position) {
        run(() -> {
            seq = position.seq();
            epoch = position.epoch();
            revs.startAt(position.rev());
            List<RoomEvent> kept = early;
            early = null;
            kept.forEach(this::pass);
        });
    }

    /** Where the feed is (its epoch, the last seq it passed on): take it before reading the room's position. */
    Position position() {
        return new Position(epoch, seq);
    }

    /** A room's place in its stream: an epoch ("" for a room not known), a seq, and its change rev (-1: unknown). */
    record Position(String epoch, long seq, long rev) {

        Position(String epoch, long seq) {
            this(epoch, seq, -1);
        }
    }

    /**
     * The room's position read from Redis (a periodic check, or after the pub/sub connection came back), compared with
     * where the feed was before the read: messages the feed never received are read from the stream and passed on; a
     * position behind what the feed had passed on resets the room; another epoch moves the feed to it. The read may be
     * older than what the feed passed on since; that alone is no loss.
     */
    void check(Position read, Position asked) {
        run(() -> {
            if (early != null) {
                return; // not started: the start reads the position anyway
            }
            if (isFirstEpoch(read.epoch())) {
                epoch = read.epoch();
            }
            if (!read.epoch().equals(asked.epoch())) {
                if (!asked.epoch().isEmpty() && !read.epoch().equals(epoch)) {
                    anew(read.epoch(), read.seq() + 1);
                    return;
                }
                if (!read.epoch().equals(epoch)) {
                    return; // read before the room was known here: the next check says more
                }
            } else if (read.seq() < asked.seq()) {
                seq = read.seq();
                reset(new RoomEvent.Reset(room, "Redis holds seq " + read.seq() + " of epoch '" + read.epoch()
                        + "', this node had passed on " + asked.seq(), null, 0));
                return;
            }
            if (read.seq() > seq) {
                repair(read.seq() + 1);
            }
            checkChanges(read.rev());
        });
    }

    /** A change event lost: every member here rejoins with its rev and gets the changes ({@link ChangeRevs}). */
    private void checkChanges(long readRev) {
        long lost = revs.checked(readRev);
        if (lost >= 0) {
            lostChanges(lost);
        }
    }

    private void lostChanges(long upTo) {
        reset(new RoomEvent.Reset(room, "change events up to rev " + upTo + " did not arrive", null, 0));
    }

    private void pass(RoomEvent event) {
        metrics.eventReceived();
        if (event instanceof RoomEvent.Changed changed && revs.passed(changed.changed().rev()) >= 0) {
            lostChanges(changed.changed().rev() - 1);
        }
        if (!(event instanceof RoomEvent.Published published)) {
            handler.handle(event);
            return;
        }
        long next = published.message().seq();
        if (isFirstEpoch(published.epoch())) {
            epoch = published.epoch();
        }
        if (!published.epoch().equals(epoch)) {
            anew(published.epoch(), next);
        } else if (next <= seq) {
            return;
        } else if (next > seq + 1) {
            repair(next);
        }
        seq = next;
        handler.handle(published);
    }

    /**
     * The room was made anew in Redis (it lost the room, or freed and made it again): the feed goes on in the new
     * epoch from its first message if the stream still holds every one before {@code next}, so that members who
     * joined in it stay, and only those of the old epoch rejoin.
     */
    private void anew(String newEpoch, long next) {
        String reason = "the room was made anew in Redis (epoch '" + epoch + "' -> '" + newEpoch + "')";
        epoch = newEpoch;
        seq = 0;
        revs.startAt(-1);
        List<RoomEvent.Published> missed = missed(next);
        if (missed == null) {
            seq = next - 1;
            reset(new RoomEvent.Reset(room, reason + "; messages 1.." + seq + " can no longer be read", epoch, seq));
            return;
        }
        reset(new RoomEvent.Reset(room, reason, epoch, 0));
        passAll(missed);
    }

    /**
     * Passes on the messages between the last one and {@code next}, read from the stream. When some can no longer be
     * read, none are: the room is reset for the members behind the hole, and the feed goes on after it.
     */
    private void repair(long next) {
        List<RoomEvent.Published> missed = missed(next);
        if (missed == null) {
            String reason = "messages " + (seq + 1) + ".." + (next - 1) + " can no longer be read from the stream";
            seq = next - 1;
            reset(new RoomEvent.Reset(room, reason, epoch, seq));
            return;
        }
        passAll(missed);
    }

    /** The messages after the last one and before {@code next}, from the stream; null when some are missing. */
    private List<RoomEvent.Published> missed(long next) {
        List<RoomEvent.Published> missed = new ArrayList<>();
        if (next - 1 > seq) {
            for (RoomEvent.Published published : after.apply(seq)) {
                long missedSeq = published.message().seq();
                if (missedSeq == seq + 1 + missed.size() && missedSeq < next && published.epoch().equals(epoch)) {
                    missed.add(published);
                }
            }
        }
        return missed.size() == next - 1 - seq ? missed : null;
    }

    private void passAll(List<RoomEvent.Published> missed) {
        for (RoomEvent.Published published : missed) {
            seq = published.message().seq();
            handler.handle(published);
        }
        metrics.repaired(missed.size());
    }

    /** The room had to be moved past a hole or to another epoch: the members here who cannot go on must rejoin. */
    private void reset(RoomEvent.Reset reset) {
        LOG.warning(() -> room + ": " + reset.reason());
        metrics.reset();
        handler.handle(reset);
    }

    /** The room did not exist when the feed started (no epoch, no message): its first epoch is no change. */
    private boolean isFirstEpoch(String currentEpoch) {
        return epoch.isEmpty() && seq == 0 && !currentEpoch.isEmpty();
    }

    private void run(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = queue.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, room + ": passing on an event failed", e);
            }
        }
    }
}
