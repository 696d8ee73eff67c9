package dev.parley.broker.redis;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveState;
import dev.parley.broker.Broker;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerStatus;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Presence;
import dev.parley.broker.Publication;
import dev.parley.broker.ReadState;
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
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The broker of a cluster: any number of nodes share one Redis (docs/scaling.md). The parts, each in its own class:
 * the connection and threads ({@link RedisConnection}); every room's log, numbered and published by one script per
 * post ({@link RedisRoomLog}); the subscriptions of the rooms with members here, each passed on in order by a
 * {@link RoomFeed} ({@link RoomChannels}); presence ({@link RedisPresence}); each room's rules, kick and ban
 * ({@link RedisRoomRules}); this node's lease, with the reaping of
 * dead nodes ({@link NodeLease}); the proof that pub/sub delivers ({@link Canary}); the list of rooms with
 * {@code maxRooms} ({@link RoomDirectory}); and with an archive, the archive written behind Redis
 * ({@link RedisArchiver}), rooms missing from Redis continued from it ({@link RoomSeed}), and history and search
 * read from it past what Redis keeps ({@link dev.parley.broker.ArchivedHistory}).
 * <p>
 * Commands fail at once while Redis is unreachable and after {@code redisTimeoutMillis} when it does not answer: both
 * throw {@link dev.parley.broker.BrokerUnavailableException}.
 */
public final class RedisBroker implements Broker {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());

    private final String node;
    private final RedisConnection redis;
    private final RoomDirectory directory;
    private final RedisRoomLog log;
    private final RedisPresence presence;
    private final RoomChannels channels;
    private final NodeLease lease;
    private final Canary canary;
    private final RedisRoomRules rules;
    private final RedisChanges changes;
    private final RedisReadMarkers markers;
    /** This node's share of archiving, or null without an archive. */
    private final RedisArchiver archiver;

    /** Connects to {@code parley.redisUri} and starts this node's lease and canary; rooms live in Redis only. */
    public RedisBroker(ParleyConfig config, String node, Supplier<String> newEpoch, BrokerMetrics metrics) {
        this(config, node, newEpoch, metrics, null, ArchiveMetrics.NONE);
    }

    /**
     * Connects to {@code parley.redisUri}, starts this node's lease and canary, and with an archive its share of
     * archiving behind Redis ({@link RedisArchiver}).
     *
     * @param node    this node's id, unique in the cluster
     * @param archive the cluster's archive, or null to keep rooms in Redis only; closed with the broker
     */
    public RedisBroker(ParleyConfig config, String node, Supplier<String> newEpoch, BrokerMetrics metrics,
                       Archive archive, ArchiveMetrics archiveMetrics) {
        this.node = node;
        this.redis = new RedisConnection(config, metrics);
        this.directory = new RoomDirectory(redis, config.maxRooms());
        RoomSeed seed = new RoomSeed(redis, archive, config, newEpoch, directory);
        this.log = new RedisRoomLog(redis, directory, config, newEpoch, seed);
        this.rules = new RedisRoomRules(redis, archive);
        this.changes = new RedisChanges(redis, log, seed);
        this.markers = new RedisReadMarkers(redis, seed);
        this.presence = new RedisPresence(redis, directory, node, config.emptyRoomSeconds(), newEpoch, seed);
        this.archiver = archive == null ? null : new RedisArchiver(redis, archive, archiveMetrics, node, config);
        this.canary = new Canary(new RoomId("parley-canary-" + node), System::nanoTime);
        this.channels = new RoomChannels(redis, log, canary, node, metrics);
        this.lease = new NodeLease(redis, presence, channels, node, config.nodeLeaseSeconds(), metrics);
        redis.every(lease.renewalMillis(), lease::renew);
        redis.every(Canary.EVERY_MILLIS, () -> canary.send(redis, log));
        LOG.info(() -> "node " + node + " uses Redis at " + redis.address());
    }

    @Override
    public void register(BrokerHandler handler) {
        channels.register(handler);
    }

    @Override
    public void subscribe(RoomId room) {
        channels.subscribe(room);
    }

    @Override
    public void unsubscribe(RoomId room) {
        channels.unsubscribe(room);
    }

    @Override
    public Publication publish(Post post) {
        return log.publish(post);
    }

    @Override
    public ChatMessage message(RoomId room, long seq) {
        return log.message(room, seq);
    }

    @Override
    public Changed change(MessageChange change) {
        return changes.change(change);
    }

    @Override
    public History history(RoomId room, HistoryQuery query) {
        return log.history(room, query);
    }

    @Override
    public Presence join(RoomId room, Member member) {
        return presence.join(room, member);
    }

    @Override
    public Presence leave(RoomId room, Member member) {
        return presence.leave(room, member);
    }

    @Override
    public void typing(RoomId room, Member member) {
        redis.redis().publish(new RedisKeys(room).channel(), RedisEvents.typing(member.name(), member.subject()));
    }

    @Override
    public RoomRules rules(RoomId room) {
        return rules.read(room);
    }

    @Override
    public void setAccess(RoomId room, RoomAccess access) {
        rules.setAccess(room, access);
    }

    @Override
    public boolean setMember(RoomId room, String subject, Role role) {
        return rules.setMember(room, subject, role);
    }

    @Override
    public void recordGrant(RoomId room, String subject, Role role) {
        rules.recordGrant(room, subject, role);
    }

    @Override
    public boolean remove(RoomId room, String subject, Removal removal) {
        return rules.remove(room, subject, removal);
    }

    @Override
    public boolean unban(RoomId room, String subject) {
        return rules.unban(room, subject);
    }

    @Override
    public List<ChatMessage> search(RoomId room, String query, long before, int limit) {
        return log.search(room, query, before, limit);
    }

    @Override
    public ReadState markRead(RoomId room, String subject, long seq, String origin) {
        return markers.markRead(room, subject, seq, origin);
    }

    @Override
    public ReadState readState(RoomId room, String subject) {
        return markers.readState(room, subject);
    }

    @Override
    public void forget(RoomId room, String subject) {
        markers.forget(room, subject);
    }

    @Override
    public void belong(RoomId room, String subject) {
        markers.belong(room, subject);
    }

    @Override
    public List<RoomView> roomsOf(String subject) {
        return markers.roomsOf(subject);
    }

    /** How the archive behind Redis is doing, with its lag; {@link ArchiveState#OFF} without one. */
    public ArchiveState archiveState() {
        return archiver == null ? ArchiveState.OFF : archiver;
    }

    @Override
    public List<RoomSummary> rooms() {
        return directory.list();
    }

    /** Redis frees a room's keys by itself, {@code emptyRoomSeconds} after its last member or message. */
    @Override
    public int freeIdleRooms() {
        return 0;
    }

    @Override
    public BrokerStatus status() {
        boolean connected = redis.isOpen();
        boolean up = connected && canary.isDelivering();
        String where = "node " + node + (connected ? " connected to" : " cannot reach") + " Redis at "
                + redis.address();
        return new BrokerStatus("redis", up, where + "; " + canary.describe());
    }

    /**
     * Takes this node's members out of presence (the others get their {@code leave}), gives up the lease, and lets go
     * of Redis and of every thread.
     */
    @Override
    public void close() {
        if (archiver != null) {
            archiver.close();
        }
        redis.stopPeriodic();
        lease.end();
        channels.clear();
        redis.close();
        if (log.archive() != null) {
            log.archive().close();
        }
    }
}
