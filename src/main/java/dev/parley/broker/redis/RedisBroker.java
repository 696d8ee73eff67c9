package dev.parley.broker.redis;

import dev.parley.broker.BannedException;
import dev.parley.broker.Broker;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerStatus;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.Post;
import dev.parley.broker.Presence;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomEvent;
import dev.parley.broker.RoomLimitException;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.RoomSummary;
import dev.parley.domain.UserName;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broker of a cluster: any number of nodes share one Redis (docs/scaling.md). One Lua script per post checks the
 * client id, numbers the message, appends it to the room's stream and publishes it: Redis runs one script at a time,
 * so the publish order is the seq order, on every node. Each node subscribes to the channels of the rooms it has
 * members in and passes their events on through one {@link RoomFeed} per room, which also repairs gaps from the
 * stream. Presence is a per-room hash of connections and a count per name; each node holds a lease, renewed by
 * Redis's clock, and the members of a node whose lease ran out are taken out of presence by the others, with
 * {@code leave} events.
 * <p>
 * Commands fail at once while Redis is unreachable (Lettuce would otherwise queue and replay them) and after
 * {@code redisTimeoutMillis} when it does not answer: both throw {@link BrokerUnavailableException}.
 */
public final class RedisBroker implements Broker {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());

    private final ParleyConfig config;
    private final BrokerMetrics metrics;
    private final Supplier<String> newEpoch;
    private final String node;
    private final long timeoutMillis;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final ExecutorService deliveries;
    private final ScheduledExecutorService leases;
    private final ConcurrentMap<String, RoomFeed> feeds = new ConcurrentHashMap<>();
    /** Rooms this node has seen exist: for these, no check against maxRooms. */
    private final Set<RoomId> known = ConcurrentHashMap.newKeySet();
    /** "room connection" of members that left while Redis could not take it. */
    private final Set<String> pendingLeaves = ConcurrentHashMap.newKeySet();
    /** "room connection" to name of this node's members, to put back into presence when Redis lost them. */
    private final ConcurrentMap<String, String> members = new ConcurrentHashMap<>();
    private final Canary canary;
    private final RedisRoomRules rules;
    private volatile String runId;
    private volatile BrokerHandler handler;

    /**
     * Connects to {@code parley.redisUri} and starts this node's lease.
     *
     * @param node this node's id, unique in the cluster
     */
    public RedisBroker(ParleyConfig config, String node, Supplier<String> newEpoch, BrokerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.node = node;
        this.newEpoch = newEpoch;
        this.timeoutMillis = config.redisTimeoutMillis();
        this.resources = DefaultClientResources.create();
        this.client = RedisClient.create(resources, RedisURI.create(config.redisUri().reveal()));
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(timeoutMillis)))
                .build());
        try {
            this.connection = client.connect();
            this.pubsub = client.connectPubSub();
        } catch (RuntimeException e) {
            shutdown(client, resources);
            throw new IllegalStateException("cannot connect to Redis at parley.redisUri " + redacted(config), e);
        }
        this.redis = connection.async();
        this.rules = new RedisRoomRules(redis);
        this.deliveries = Executors.newFixedThreadPool(2, daemon("parley-redis-delivery"));
        this.leases = Executors.newSingleThreadScheduledExecutor(daemon("parley-redis-lease"));
        this.canary = new Canary(new RoomId("parley-canary-" + node), System::nanoTime);
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String payload) {
                RoomFeed feed = feeds.get(channel);
                if (feed != null) {
                    feed.received(payload);
                } else if (channel.equals(canary.channel())) {
                    canary.received(payload).ifPresent(nanos -> metrics.roundTrip("canary", nanos));
                }
            }
        });
        metrics.observeSubscriptions(feeds::size);
        long renewal = Math.max(1000, TimeUnit.SECONDS.toMillis(config.nodeLeaseSeconds()) / 3);
        leases.scheduleWithFixedDelay(this::renewLease, 0, renewal, TimeUnit.MILLISECONDS);
        leases.scheduleWithFixedDelay(this::sendCanary, 0, Canary.EVERY_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(() -> "node " + node + " uses Redis at " + redacted(config));
    }

    @Override
    public void register(BrokerHandler handler) {
        this.handler = handler;
    }

    @Override
    public void subscribe(RoomId room) {
        RedisKeys keys = new RedisKeys(room);
        RoomFeed feed = new RoomFeed(room, deliveries, handler, since -> after(room, since), metrics);
        feeds.put(keys.channel(), feed);
        try {
            await(pubsub.async().subscribe(keys.channel()));
            History head = read(room, "head", 0, 0);
            feed.start(head.seq(), head.epoch() == null ? "" : head.epoch());
        } catch (RuntimeException e) {
            // A feed never started would keep whatever arrives: it goes, and so does the subscription if it was made.
            feeds.remove(keys.channel(), feed);
            pubsub.async().unsubscribe(keys.channel());
            throw e;
        }
    }

    /** Never fails: a room without members here must not keep a departure from happening. */
    @Override
    public void unsubscribe(RoomId room) {
        String channel = new RedisKeys(room).channel();
        feeds.remove(channel);
        pubsub.async().unsubscribe(channel).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.fine(() -> "node " + node + ": unsubscribing " + room + " failed (" + failure
                        + "); its events are ignored");
            }
        });
    }

    @Override
    public Publication publish(Post post) {
        checkRoomLimit(post.room());
        RedisKeys keys = new RedisKeys(post.room());
        String clientId = post.clientId() == null ? "" : post.clientId();
        String dedupeKey = post.clientId() == null ? keys.meta() : keys.clientId(post.user(), post.clientId());
        List<Object> result = timed("publish", RedisScripts.run(redis, RedisScripts.PUBLISH,
                new String[] {keys.meta(), keys.log(), dedupeKey, keys.presence(), keys.rules()},
                keys.channel(), post.user().value(), post.text(), clientId,
                post.origin() == null ? "" : post.origin(), Integer.toString(config.historySize()),
                Integer.toString(config.dedupeSeconds()), newEpoch.get(), Integer.toString(config.emptyRoomSeconds()),
                post.subject() == null ? "" : post.subject()));
        if (number(result, 0) == -1) {
            throw new BannedException(post.room());
        }
        made(post.room(), number(result, 4));
        ChatMessage message = new ChatMessage(post.room(), number(result, 1), post.clientId(), post.user(),
                post.text(), Instant.ofEpochMilli(Long.parseLong((String) result.get(2))));
        return new Publication(message, (String) result.get(3), number(result, 0) == 1);
    }

    @Override
    public History history(RoomId room, HistoryQuery query) {
        if (query instanceof HistoryQuery.Latest latest) {
            return read(room, "latest", 0, latest.limit());
        }
        if (query instanceof HistoryQuery.Before before) {
            return read(room, "before", before.seq(), before.limit());
        }
        HistoryQuery.After after = (HistoryQuery.After) query;
        History read = read(room, "after", after.seq(), 0);
        boolean sameEpoch = after.epoch() == null || after.epoch().equals(read.epoch());
        boolean complete = sameEpoch && after.seq() <= read.seq()
                && read.messages().size() == read.seq() - after.seq();
        return new History(read.epoch(), read.seq(), complete ? read.messages() : List.of(), complete);
    }

    @Override
    public Presence join(RoomId room, Member member) {
        checkRoomLimit(room);
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = timed("join", RedisScripts.run(redis, RedisScripts.JOIN, presenceKeys(keys), keys.channel(),
                member.connection(), member.name().value(), newEpoch.get()));
        made(room, number(result, 2));
        String entry = room.value() + " " + member.connection();
        members.put(entry, member.name().value());
        redis.hset(RedisKeys.nodeMembers(node), entry, member.name().value());
        return presence(result, 3);
    }

    /**
     * A departure cannot be refused: when Redis cannot take it now, it is kept and made when the lease is next renewed
     * (until then the others still see the member; if this node dies meanwhile, its lease ends and others reap it).
     */
    @Override
    public Presence leave(RoomId room, Member member) {
        String entry = room.value() + " " + member.connection();
        members.remove(entry);
        try {
            Presence presence = leave(room, member.connection());
            redis.hdel(RedisKeys.nodeMembers(node), entry);
            return presence;
        } catch (BrokerUnavailableException e) {
            LOG.info(() -> "node " + node + ": " + member.connection() + " left " + room + " while Redis was "
                    + "unavailable; its leave is made later");
            pendingLeaves.add(entry);
            return new Presence(List.of(), 0, false);
        }
    }

    @Override
    public void typing(RoomId room, Member member) {
        redis.publish(new RedisKeys(room).channel(), RedisEvents.typing(member.name()));
    }

    @Override
    public RoomRules rules(RoomId room) {
        return timed("rules", rules.read(room));
    }

    @Override
    public void setAccess(RoomId room, RoomAccess access) {
        timed("rules", rules.setAccess(room, access));
    }

    @Override
    public boolean setMember(RoomId room, String subject, Role role) {
        return timed("rules", rules.setMember(room, subject, role));
    }

    @Override
    public void recordGrant(RoomId room, String subject, Role role) {
        timed("rules", rules.recordGrant(room, subject, role));
    }

    @Override
    public boolean remove(RoomId room, String subject, Removal removal) {
        return timed("remove", rules.remove(room, subject, removal));
    }

    @Override
    public boolean unban(RoomId room, String subject) {
        return timed("rules", rules.unban(room, subject));
    }

    @Override
    public List<RoomSummary> rooms() {
        List<String> names = await(redis.zrange(RedisKeys.ROOMS, 0, -1));
        List<RoomId> rooms = names.stream().map(RoomId::new).toList();
        List<RedisFuture<List<io.lettuce.core.KeyValue<String, String>>>> metas = new ArrayList<>();
        List<RedisFuture<Long>> counts = new ArrayList<>();
        for (RoomId room : rooms) {
            RedisKeys keys = new RedisKeys(room);
            metas.add(redis.hmget(keys.meta(), "seq"));
            counts.add(redis.hlen(keys.names()));
        }
        List<RoomSummary> summaries = new ArrayList<>();
        for (int i = 0; i < rooms.size(); i++) {
            io.lettuce.core.KeyValue<String, String> seq = await(metas.get(i)).get(0);
            long members = await(counts.get(i));
            if (seq.hasValue()) {
                summaries.add(new RoomSummary(rooms.get(i), (int) members, Long.parseLong(seq.getValue())));
            } else {
                redis.zrem(RedisKeys.ROOMS, rooms.get(i).value()); // expired: made again, it is added again
                known.remove(rooms.get(i));
            }
        }
        summaries.sort(null);
        return summaries;
    }

    /** Redis frees a room's keys by itself, {@code emptyRoomSeconds} after its last member or message. */
    @Override
    public int freeIdleRooms() {
        return 0;
    }

    @Override
    public BrokerStatus status() {
        boolean connected = connection.isOpen() && pubsub.isOpen();
        boolean up = connected && canary.isDelivering();
        String where = "node " + node + (connected ? " connected to" : " cannot reach") + " Redis at " + redacted(config);
        return new BrokerStatus("redis", up, where + "; " + canary.describe());
    }

    /**
     * Takes this node's members out of presence (the others get their {@code leave}), gives up the lease, and lets go
     * of Redis and of every thread.
     */
    @Override
    public void close() {
        leases.shutdownNow();
        try {
            reap(node);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "node " + node + ": could not take its members out of presence on the way out; "
                    + "the other nodes will when its lease runs out", e);
        }
        feeds.clear();
        pubsub.close();
        connection.close();
        deliveries.shutdownNow();
        shutdown(client, resources);
    }

    // --- presence of nodes ---

    /**
     * Every few seconds: renews the lease (putting this node's members back into presence if it had lapsed, or if
     * Redis restarted), makes the leaves Redis could not take, reaps dead nodes, and checks every subscribed room's
     * position, so that a message pub/sub lost is read from the stream within one period.
     */
    private void renewLease() {
        try {
            List<Object> result = await(RedisScripts.run(redis, RedisScripts.RENEW, new String[] {RedisKeys.NODES},
                    node, Long.toString(TimeUnit.SECONDS.toMillis(config.nodeLeaseSeconds()))));
            metrics.leaseRenewal(true);
            boolean lapsed = number(result, 0) == 1;
            String currentRunId = runId();
            boolean restarted = runId != null && !runId.equals(currentRunId);
            runId = currentRunId;
            if ((lapsed || restarted) && !members.isEmpty()) {
                LOG.warning(() -> "node " + node + ": " + (restarted ? "Redis restarted (run_id changed)"
                        : "its lease had lapsed") + "; putting its " + members.size() + " room members back");
                members.forEach(this::rejoin);
            }
            for (String entry : pendingLeaves) {
                int space = entry.indexOf(' ');
                leave(new RoomId(entry.substring(0, space)), entry.substring(space + 1));
                redis.hdel(RedisKeys.nodeMembers(node), entry);
                pendingLeaves.remove(entry);
            }
            for (Object dead : result.subList(1, result.size())) {
                if (!node.equals(dead)) {
                    reap((String) dead);
                }
            }
            checkPositions();
        } catch (BrokerUnavailableException e) {
            metrics.leaseRenewal(false);
            LOG.warning(() -> "node " + node + ": renewing its lease failed (" + e.getMessage() + "); trying again");
        } catch (RuntimeException e) {
            metrics.leaseRenewal(false);
            LOG.log(Level.WARNING, "node " + node + ": renewing its lease failed; trying again", e);
        }
    }

    private String runId() {
        for (String line : await(redis.info("server")).split("\\r?\\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        return "";
    }

    /** Puts a member of this node back into the room's presence (the others see it arrive if it had gone). */
    private void rejoin(String entry, String name) {
        int space = entry.indexOf(' ');
        RoomId room = new RoomId(entry.substring(0, space));
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = await(RedisScripts.run(redis, RedisScripts.JOIN, presenceKeys(keys), keys.channel(),
                entry.substring(space + 1), name, newEpoch.get()));
        made(room, number(result, 2));
        redis.hset(RedisKeys.nodeMembers(node), entry, name);
    }

    /** The position of every subscribed room, read in one pipelined round, handed to its feed. */
    private void checkPositions() {
        Map<RoomFeed, RedisFuture<List<io.lettuce.core.KeyValue<String, String>>>> positions = new java.util.HashMap<>();
        Map<RoomFeed, RoomFeed.Position> asked = new java.util.HashMap<>();
        feeds.values().forEach(feed -> {
            asked.put(feed, feed.position()); // before the read: what Redis must hold at least
            positions.put(feed, redis.hmget(new RedisKeys(feed.room()).meta(), "seq", "epoch"));
        });
        positions.forEach((feed, answer) -> {
            List<io.lettuce.core.KeyValue<String, String>> head = await(answer);
            feed.check(new RoomFeed.Position(head.get(1).hasValue() ? head.get(1).getValue() : "",
                    head.get(0).hasValue() ? Long.parseLong(head.get(0).getValue()) : 0), asked.get(feed));
        });
    }

    /** Publishes the next canary into this node's own canary room, through the same script as every message. */
    private void sendCanary() {
        try {
            RedisKeys keys = new RedisKeys(canary.room());
            canary.sent();
            if (!canary.isSubscribed()) {
                await(pubsub.async().subscribe(canary.channel()));
                canary.subscribed();
            }
            await(RedisScripts.run(redis, RedisScripts.PUBLISH,
                    new String[] {keys.meta(), keys.log(), keys.meta(), keys.presence(), keys.rules()},
                    canary.channel(), "canary", "canary", "", "", "1", "0", newEpoch.get(),
                    Integer.toString(Canary.EVERY_MILLIS / 1000 * 10), ""));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "node " + node + ": canary not sent");
        }
    }

    /** Takes a node's members out of presence, once: the node that removes its lease entry does it. */
    private void reap(String deadNode) {
        if (await(redis.zrem(RedisKeys.NODES, deadNode)) == 0) {
            return;
        }
        Map<String, String> members = await(redis.hgetall(RedisKeys.nodeMembers(deadNode)));
        members.keySet().forEach(member -> {
            int space = member.indexOf(' ');
            leave(new RoomId(member.substring(0, space)), member.substring(space + 1));
        });
        await(redis.del(RedisKeys.nodeMembers(deadNode)));
        if (!deadNode.equals(node) && !members.isEmpty()) {
            LOG.warning(() -> "node " + deadNode + " stopped renewing its lease: took its " + members.size()
                    + " room members out of presence");
        }
    }

    // --- helpers ---

    private Presence leave(RoomId room, String memberConnection) {
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = timed("leave", RedisScripts.run(redis, RedisScripts.LEAVE, presenceKeys(keys), keys.channel(),
                memberConnection, Integer.toString(config.emptyRoomSeconds())));
        return presence(result, 2);
    }

    private History read(RoomId room, String mode, long seq, int limit) {
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = timed("read", RedisScripts.run(redis, RedisScripts.READ,
                new String[] {keys.meta(), keys.log()}, mode, Long.toString(seq), Integer.toString(limit)));
        String epoch = (String) result.get(1);
        List<ChatMessage> messages = new ArrayList<>(result.size() - 2);
        for (Object json : result.subList(2, result.size())) {
            messages.add(RedisEvents.message(room, (String) json).message());
        }
        return new History(epoch.isEmpty() ? null : epoch, number(result, 0), messages, true);
    }

    /** The messages after {@code since} from the stream, for a feed repairing a gap. */
    private List<RoomEvent.Published> after(RoomId room, long since) {
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = await(RedisScripts.run(redis, RedisScripts.READ, new String[] {keys.meta(), keys.log()},
                "after", Long.toString(since), "0"));
        String epoch = (String) result.get(1);
        List<RoomEvent.Published> missed = new ArrayList<>();
        for (Object json : result.subList(2, result.size())) {
            RedisEvents.Entry entry = RedisEvents.message(room, (String) json);
            missed.add(new RoomEvent.Published(entry.message(), epoch, entry.origin()));
        }
        return missed;
    }

    private static String[] presenceKeys(RedisKeys keys) {
        return new String[] {keys.meta(), keys.log(), keys.presence(), keys.names()};
    }

    private static Presence presence(List<Object> result, int firstName) {
        TreeSet<UserName> names = new TreeSet<>();
        for (Object name : result.subList(firstName, result.size())) {
            names.add(new UserName((String) name));
        }
        return new Presence(List.copyOf(names), number(result, 1), number(result, 0) == 1);
    }

    /** A room of a limited number: a room this node has not seen is checked against {@code maxRooms}. */
    private void checkRoomLimit(RoomId room) {
        if (!known.contains(room) && await(redis.zscore(RedisKeys.ROOMS, room.value())) == null
                && await(redis.zcard(RedisKeys.ROOMS)) >= config.maxRooms()) {
            rooms(); // forgets rooms that expired
            if (await(redis.zcard(RedisKeys.ROOMS)) >= config.maxRooms()) {
                throw new RoomLimitException(config.maxRooms());
            }
        }
    }

    private void made(RoomId room, long created) {
        boolean first = known.add(room);
        if (created == 1 || first) {
            redis.zadd(RedisKeys.ROOMS, System.currentTimeMillis(), room.value());
        }
    }

    private static long number(List<Object> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    /** Awaits a command and reports its round trip, answered or not. */
    private <T> T timed(String command, CompletionStage<T> answer) {
        long start = System.nanoTime();
        try {
            return await(answer);
        } finally {
            metrics.roundTrip(command, System.nanoTime() - start);
        }
    }

    private <T> T await(CompletionStage<T> command) {
        try {
            return command.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("Redis did not answer within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("Redis refused or failed a command: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    private static String redacted(ParleyConfig config) {
        RedisURI uri = RedisURI.create(config.redisUri().reveal());
        return uri.getHost() + ":" + uri.getPort();
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown();
        resources.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
