package dev.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load generator's connections: opened at a bounded pace from source addresses 127.0.0.2-127.0.0.9 (so that
 * ephemeral ports never run out), each joining its room on {@code welcome}. With several server ports (the nodes of a
 * cluster), {@link #placement} chooses each connection's node from its index (default: round robin).
 */
final class Clients implements IoLoop.Listener, AutoCloseable {

    /** Handshakes in flight at once: enough to connect thousands a second without overrunning the accept queue. */
    static final int MAX_PENDING = 200;

    final Window window = new Window();
    private final List<IoLoop> loops = new ArrayList<>();
    private final InetSocketAddress[] servers;
    private final byte[][] handshakes;
    /** Connection index (in opening order, from 0) to node index; round robin unless a scenario sets it. */
    volatile java.util.function.IntUnaryOperator placement;
    /** Offer {@code parley.batch} in every handshake. */
    final boolean batch;
    final List<WsConn> all = new ArrayList<>();
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final Map<Integer, Integer> closeCodes = new ConcurrentHashMap<>();
    private int next;
    /** Groups of receivers on the fallback transport, counted with the WebSocket ones. */
    private final List<SseReceivers> sse = new java.util.concurrent.CopyOnWriteArrayList<>();

    Clients(String host, int port, int ioThreads, boolean batch) throws IOException {
        this(host, new int[]{port}, ioThreads, batch);
    }

    /** {@code ports}: one per node; a single port is the usual one server. */
    Clients(String host, int[] ports, int ioThreads, boolean batch) throws IOException {
        this.batch = batch;
        this.servers = new InetSocketAddress[ports.length];
        this.handshakes = new byte[ports.length][];
        for (int i = 0; i < ports.length; i++) {
            servers[i] = new InetSocketAddress(host, ports[i]);
            handshakes[i] = WsConn.handshake(host, ports[i], "/chat", batch ? Frames.BATCH_PROTOCOL : null);
        }
        int nodes = ports.length;
        this.placement = i -> i % nodes;
        for (int i = 0; i < ioThreads; i++) {
            loops.add(new IoLoop("io-" + i, window, this));
        }
    }

    /** A new group of fallback (SSE) receivers on the first node; its figures join these clients' own. */
    SseReceivers sseGroup() {
        SseReceivers group = new SseReceivers(servers[0].getHostString(), servers[0].getPort(), window);
        sse.add(group);
        return group;
    }

    /** How many nodes the connections are spread over. */
    int nodes() {
        return servers.length;
    }

    /**
     * Opens {@code count} connections and waits until each has joined (or {@code timeoutSeconds} pass).
     *
     * @return the new connections
     */
    List<WsConn> open(int count, IntFunction<String> roomOf, IntFunction<String> nameOf, boolean measured,
                      boolean neverReads, double timeoutSeconds) throws IOException {
        return open(count, roomOf, nameOf, measured, neverReads, timeoutSeconds, MAX_PENDING);
    }

    /** As above, with at most {@code maxPending} connections opened but not yet joined (or closed) at a time. */
    List<WsConn> open(int count, IntFunction<String> roomOf, IntFunction<String> nameOf, boolean measured,
                      boolean neverReads, double timeoutSeconds, int maxPending) throws IOException {
        List<WsConn> opened = new ArrayList<>(count);
        int target = joined.get() + count;
        int startClosed = closed.get();
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        for (int i = 0; i < count; i++) {
            while (pending(target, count, i, startClosed) >= maxPending && System.nanoTime() < deadline) {
                LockSupport.parkNanos(200_000);
            }
            opened.add(openOne(roomOf.apply(i), nameOf.apply(i), measured, neverReads));
        }
        while (joined.get() < target && closed.get() - startClosed < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        if (joined.get() < target) {
            System.err.printf("only %d of %d connections joined in time (closed: %d, close codes %s)%n",
                    count - (target - joined.get()), count, closed.get() - startClosed, closeCodes);
        }
        return opened;
    }

    private int pending(int target, int count, int started, int startClosed) {
        int done = count - (target - joined.get()) + (closed.get() - startClosed);
        return started - done;
    }

    /** Opens one connection without waiting for it. */
    WsConn openOne(String room, String name, boolean measured, boolean neverReads) throws IOException {
        int index = next++;
        IoLoop loop = loops.get(index % loops.size());
        int node = Math.floorMod(placement.applyAsInt(index), servers.length);
        WsConn conn = new WsConn(index, room, name, loop, measured, neverReads, batch);
        conn.node = node;
        synchronized (all) {
            all.add(conn);
        }
        InetSocketAddress source = new InetSocketAddress("127.0.0." + (2 + index % 8), 0);
        loop.connect(conn, source, servers[node], handshakes[node], neverReads ? 4096 : 0);
        return conn;
    }

    @Override
    public void welcomed(WsConn conn) {
        conn.sendText("{\"type\":\"join\",\"room\":\"" + conn.room + "\",\"name\":\"" + conn.name + "\"}");
    }

    @Override
    public void joined(WsConn conn) {
        joined.incrementAndGet();
    }

    @Override
    public void closed(WsConn conn) {
        closed.incrementAndGet();
        closeCodes.merge(conn.closeCode, 1, Integer::sum);
    }

    int joinedCount() {
        return joined.get();
    }

    /** Close codes seen so far (0: closed by this client; 1006: connection dropped without a close frame). */
    Map<Integer, Integer> closeCodes() {
        return new TreeMap<>(closeCodes);
    }

    long received() {
        long sum = 0;
        for (IoLoop loop : loops) {
            sum += loop.stats.received;
        }
        for (SseReceivers group : sse) {
            sum += group.received();
        }
        return sum;
    }

    /** Protocol frames received so far (every type), read without stopping the loops. */
    long frames() {
        long sum = 0;
        for (IoLoop loop : loops) {
            sum += loop.stats.frames;
        }
        return sum;
    }

    /** A consistent copy of every loop's stats, merged; resets the per-step figures when asked. */
    LoopStats snapshot(boolean resetStep) {
        LoopStats s = new LoopStats(null);
        for (IoLoop loop : loops) {
            loop.call(() -> {
                s.add(loop.stats);
                if (resetStep) {
                    loop.stats.resetStep();
                }
            });
        }
        for (SseReceivers group : sse) {
            group.addTo(s, resetStep);
        }
        return s;
    }

    /** Just the deliveries counted in the current window so far. */
    long windowDeliveries() {
        long[] sum = {0};
        for (IoLoop loop : loops) {
            loop.call(() -> sum[0] += loop.stats.windowDeliveries);
        }
        for (SseReceivers group : sse) {
            sum[0] += group.windowDeliveries();
        }
        return sum[0];
    }

    @Override
    public void close() {
        List<WsConn> copy;
        synchronized (all) {
            copy = new ArrayList<>(all);
        }
        for (WsConn conn : copy) {
            if (conn.state != WsConn.State.CLOSED) {
                conn.loop.closeQuietly(conn);
            }
        }
        loops.forEach(IoLoop::shutdown);
        sse.forEach(SseReceivers::close);
    }
}
