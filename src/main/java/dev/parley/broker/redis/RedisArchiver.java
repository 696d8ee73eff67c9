package dev.parley.broker.redis;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveException;
import dev.parley.archive.ArchiveLag;
import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveState;
import dev.parley.archive.ArchiveStatus;
import dev.parley.archive.ArchivedMessage;
import dev.parley.archive.MarkerKey;
import dev.parley.archive.StoredRoom;
import dev.parley.broker.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import io.lettuce.core.ZAddArgs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the archive behind Redis, the nodes together: every message acked in Redis reaches the archive once, also
 * when the node that published it dies (docs/scaling.md, "The archive in a cluster").
 * <ul>
 *   <li>Each room keeps in its meta the latest seq the archive holds ({@code arch}). A publish marks the room in
 *       {@code parley:unarchived}; every node's archiver takes marked rooms, one at a time per room: a node
 *       {@linkplain #claim claims} a room for {@code nodeLeaseSeconds}, so a dead node's rooms pass to the others.</li>
 *   <li>The claimant reads the messages after {@code arch} from the stream ({@code unarchived.lua}), leaves out any
 *       the archive already holds (a batch written by a node that died before moving the cursor), writes the rest in
 *       one transaction, and moves the cursor ({@code advance.lua}). The archive's key (room, seq) refuses a message
 *       written twice, so two claimants at once (a claim that ran out mid-write) fail one batch, never store
 *       twice.</li>
 *   <li>The stream drops no message the archive lacks, and a room's keys do not expire while it has one
 *       ({@code publish.lua}, {@code leave.lua}); {@code advance.lua} trims the stream to {@code historySize} and lets
 *       the keys expire once the archive has caught up. While the archive is down, Redis holds what it lacks.</li>
 *   <li>Every {@link #SWEEP_MILLIS} each node looks at every listed room: a room whose cursor lags is marked again
 *       (its mark was lost with a node), and the lag is measured for the metrics and {@code /health}.</li>
 * </ul>
 */
final class RedisArchiver implements ArchiveState {

    static final long TICK_MILLIS = 100;
    static final long SWEEP_MILLIS = 1000;
    /** Marked rooms taken per tick, and messages per transaction (and per read of the stream). */
    private static final int ROOMS_PER_TICK = 100;
    private static final int BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(RedisArchiver.class.getName());

    private final RedisConnection redis;
    private final Archive archive;
    private final ArchiveMetrics metrics;
    private final String node;
    private final long claimMillis;
    private final int emptyRoomSeconds;
    private final int historySize;
    private final ScheduledExecutorService thread;
    private final LagProbe probe;
    /** Why the last write or read of the archive failed, or null while it answers. */
    private volatile String down;

    RedisArchiver(RedisConnection redis, Archive archive, ArchiveMetrics metrics, String node, ParleyConfig config) {
        this.redis = redis;
        this.archive = archive;
        this.metrics = metrics;
        this.node = node;
        this.claimMillis = TimeUnit.SECONDS.toMillis(config.nodeLeaseSeconds());
        this.emptyRoomSeconds = config.emptyRoomSeconds();
        this.historySize = config.historySize();
        this.probe = new LagProbe(redis);
        metrics.observeLag(probe::lag);
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread archiver = new Thread(task, "parley-archiver-" + node);
            archiver.setDaemon(true);
            return archiver;
        });
        thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::sweep, 0, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public ArchiveStatus status() {
        String reason = down;
        ArchiveLag lag = probe.lag();
        String behind = "; " + lag.messages() + " messages (" + Math.round(lag.seconds()) + " s) not yet archived";
        return new ArchiveStatus(archive.type(), reason == null,
                archive.describe() + (reason == null ? "" : ": " + reason) + behind, lag);
    }

    /** Stops archiving; what Redis holds unarchived is taken up by the other nodes, or by this one's successor. */
    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        try {
            for (String room : redis.await(redis.redis().zrange(RedisKeys.UNARCHIVED, 0, ROOMS_PER_TICK - 1))) {
                if (!archiveRoom(new RoomId(room))) {
                    return;
                }
            }
            archiveMarkers();
            if (down != null) {
                archive.check();
                LOG.info(() -> "archive " + archive.describe() + " answers again");
                down = null;
            }
        } catch (ArchiveException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "archiving behind Redis paused: Redis does not answer", e);
        }
    }

    /** Archives what the room has unarchived, if this node holds its claim; answers false when the archive failed. */
    private boolean archiveRoom(RoomId room) {
        RedisKeys keys = new RedisKeys(room);
        if (!claim(keys)) {
            return true;
        }
        // Unmarked first: a publish after this marks the room again, one before it is read below.
        redis.await(redis.redis().zrem(RedisKeys.UNARCHIVED, room.value()));
        boolean caughtUp = false;
        try {
            for (int batches = 0; batches < 10 && !caughtUp; batches++) {
                caughtUp = archiveBatch(room, keys);
            }
        } catch (ArchiveException e) {
            fail(e);
            return false;
        } finally {
            if (!caughtUp) {
                redis.redis().zadd(RedisKeys.UNARCHIVED, ZAddArgs.Builder.nx(), System.currentTimeMillis(),
                        room.value());
            }
        }
        return true;
    }

    /**
     * Writes one batch of the room's unarchived messages, then its changes in rev order as far as the archive holds
     * their messages; answers whether the archive has caught up.
     */
    private boolean archiveBatch(RoomId room, RedisKeys keys) {
        List<Object> read = redis.run(RedisScripts.UNARCHIVED, new String[] {keys.meta(), keys.log()},
                Integer.toString(BATCH));
        long seq = RedisConnection.number(read, 0);
        long arch = RedisConnection.number(read, 1);
        String epoch = (String) read.get(2);
        long rev = RedisConnection.number(read, 3);
        long carch = RedisConnection.number(read, 4);
        int count = (int) RedisConnection.number(read, 5);
        if (epoch.isEmpty() || arch >= seq && carch >= rev) {
            return true;
        }
        List<ChatMessage> messages = read.subList(6, 6 + count).stream()
                .map(json -> RedisEvents.message(room, (String) json).message()).toList();
        long first = messages.isEmpty() ? seq + 1 : messages.get(0).seq();
        if (arch < seq && first > arch + 1) {
            // Only a room made in Redis before the archive was switched on, or one whose cursor Redis lost.
            LOG.warning(() -> "room " + room + ": messages " + (arch + 1) + " to " + (first - 1)
                    + " left Redis before they were archived; the archive lacks them");
        }
        StoredRoom held = archive.load(room, 0, Instant.EPOCH, 0);
        List<ArchivedMessage> batch = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.seq() > held.lastSeq()) {
                batch.add(new ArchivedMessage(message, epoch));
            }
        }
        if (!batch.isEmpty()) {
            long start = System.nanoTime();
            archive.write(batch);
            metrics.committed(batch.size(), System.nanoTime() - start);
        }
        long archived = messages.isEmpty() ? Math.max(arch, seq) : messages.get(messages.size() - 1).seq();
        long archivedRev = carch;
        for (Object json : read.subList(6 + count, read.size())) {
            Changed changed = ((RoomEvent.Changed) RedisEvents.event(room, (String) json)).changed();
            if (changed.seq() > archived) {
                break; // its message is not archived yet: the next batch writes both, in order
            }
            if (changed.rev() > held.lastRev()) {
                archive.writeChange(changed, Instant.now()); // a change the archive holds already is not replayed
            }
            archivedRev = changed.rev();
        }
        List<Object> moved = redis.run(RedisScripts.ADVANCE, new String[] {keys.meta(), keys.log(), keys.presence()},
                Long.toString(archived), Integer.toString(emptyRoomSeconds), Integer.toString(historySize),
                Long.toString(archivedRev));
        return RedisConnection.number(moved, 1) >= RedisConnection.number(moved, 0)
                && RedisConnection.number(moved, 3) >= RedisConnection.number(moved, 2);
    }

    /**
     * Writes the read markers moved or taken away since the last tick, as Redis holds them now (many moves of one
     * marker are one write); what the archive refused is marked again for the next tick.
     */
    private void archiveMarkers() {
        List<String> marked = redis.await(redis.redis().spop(RedisKeys.UNARCHIVED_MARKERS, BATCH)).stream().toList();
        if (marked.isEmpty()) {
            return;
        }
        Map<MarkerKey, Long> markers = new HashMap<>();
        for (String entry : marked) {
            int space = entry.indexOf(' ');
            RoomId room = new RoomId(entry.substring(0, space));
            String subject = entry.substring(space + 1);
            String seq = redis.await(redis.redis().hget(new RedisKeys(room).read(), subject));
            markers.put(new MarkerKey(room, subject), seq == null ? -1 : Long.parseLong(seq));
        }
        try {
            archive.writeMarkers(markers);
        } catch (ArchiveException e) {
            redis.await(redis.redis().sadd(RedisKeys.UNARCHIVED_MARKERS, marked.toArray(String[]::new)));
            throw e;
        }
    }

    private boolean claim(RedisKeys keys) {
        return RedisConnection.number(redis.run(RedisScripts.CLAIM, new String[] {keys.archiver()}, node,
                Long.toString(claimMillis)), 0) == 1;
    }

    private void sweep() {
        try {
            probe.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "measuring the archive's lag failed: Redis does not answer", e);
        }
    }

    private void fail(ArchiveException e) {
        if (down == null) {
            LOG.log(Level.WARNING, "archive " + archive.describe() + " unavailable: messages stay in Redis until it"
                    + " answers", e);
        }
        down = e.getMessage();
    }
}
