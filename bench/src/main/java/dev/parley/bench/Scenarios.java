package dev.parley.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The five scenarios of issue 7. Each is bounded in connections, steps and time, and stops by itself. Figures go to
 * {@link Results}; one summary line per step goes to standard output.
 */
final class Scenarios {

    /** A step passes while p99 stays at or under this and at least 99% of the window's deliveries arrive. */
    static final double P99_LIMIT_MS = 100;

    private final Settings s;
    private final ServerProbe probe;
    private final Results results;
    private final long selfPid = ProcessHandle.current().pid();
    /** The server's ports: one, or one per cluster node (clients are spread over them, see {@link #clients}). */
    private int[] ports;
    /** Names of the probe's processes (node1, node2, redis) for per-process CPU; empty with one server. */
    private String[] processNames = new String[0];
    /** Offered deliveries per second stepped through by fanout and rooms; null: each scenario's own list. */
    private double[] rates;

    /**
     * Durations and sizes; {@code --quick} shrinks them. {@code batch}: clients offer {@code parley.batch}.
     * {@code stormClients}: clients in one storm (0: the scenario's default); {@code stormInFlight}: connections
     * opened but not yet joined at a time during a storm; {@code stormTimeoutS}: how long a storm may take to join
     * (0: the scenario's default).
     */
    record Settings(String host, int port, boolean quick, int ioThreads, double warmupS, double measureS,
                    double graceS, double warmupTrafficS, boolean batch, int stormClients, int stormInFlight,
                    double stormTimeoutS) {
        static Settings of(String host, int port, boolean quick, int ioThreads) {
            return of(host, port, quick, ioThreads, false, 0, 1000, 0);
        }

        static Settings of(String host, int port, boolean quick, int ioThreads, boolean batch, int stormClients,
                           int stormInFlight, double stormTimeoutS) {
            return quick ? new Settings(host, port, true, ioThreads, 2, 5, 4, 8, batch, stormClients, stormInFlight,
                    stormTimeoutS)
                    : new Settings(host, port, false, ioThreads, 3, 8, 5, 15, batch, stormClients, stormInFlight,
                    stormTimeoutS);
        }
    }

    Scenarios(Settings settings, ServerProbe probe, Results results) {
        this.s = settings;
        this.probe = probe;
        this.results = results;
        this.ports = new int[]{settings.port};
    }

    /**
     * A cluster (or any set of nodes): clients spread over {@code ports}; CPU read per process under
     * {@code processNames}; {@code rates} (may be null) replace fanout's and rooms' own rate steps.
     */
    Scenarios nodes(int[] ports, String[] processNames, double[] rates) {
        this.ports = ports;
        this.processNames = processNames;
        this.rates = rates;
        return this;
    }

    void run(String scenario) throws Exception {
        switch (scenario) {
            case "idle" -> idle();
            case "fanout" -> fanout();
            case "fanout-sse" -> fanoutSse();
            case "reads" -> reads();
            case "rooms" -> rooms();
            case "slow" -> slow();
            case "churn" -> churn();
            case "smoke" -> smoke();
            case "storm" -> new Storm(s, probe, results, this).run(false);
            case "storm-rooms" -> new Storm(s, probe, results, this).run(true);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    private Clients clients() throws IOException {
        return new Clients(s.host, ports, s.ioThreads, s.batch);
    }

    // ---------------------------------------------------------------- idle

    /** Joined connections in rooms of 20, no traffic: server memory per connection at each level. */
    private void idle() throws Exception {
        int[] levels = s.quick ? new int[]{1000, 5000} : new int[]{1000, 5000, 10000, 15000};
        try (Clients clients = clients()) {
            LockSupport.parkNanos(1_000_000_000L);
            long rss0 = probe.rssBytes();
            long heap0 = probe.heapAfterGcBytes();
            results.put("0", "rss_mib", rss0 / 1048576.0);
            results.put("0", "heap_after_gc_mib", heap0 / 1048576.0);
            results.saveText("histogram-0.txt", top(probe.lastHistogram, 40));
            long parley0 = parleyBytes(probe.lastHistogram);
            System.out.printf(Locale.ROOT, "idle     %6d conns  rss %7.1f MiB  heap %7.1f MiB%n", 0,
                    rss0 / 1048576.0, heap0 / 1048576.0);
            int open = 0;
            for (int level : levels) {
                int add = level - open;
                int base = open;
                double cpu0 = probe.cpuSeconds();
                long t0 = System.nanoTime();
                clients.open(add, i -> "idle" + ((base + i) / 20), i -> "u" + (base + i), true, false, 120);
                double connectS = (System.nanoTime() - t0) / 1e9;
                double cpu = probe.cpuSeconds() - cpu0;
                open = level;
                LockSupport.parkNanos(2_000_000_000L);
                long rss = probe.rssBytes();
                long heap = probe.heapAfterGcBytes();
                String step = Integer.toString(level);
                int joined = clients.joinedCount();
                results.put(step, "joined", joined);
                results.put(step, "rss_mib", rss / 1048576.0);
                results.put(step, "heap_after_gc_mib", heap / 1048576.0);
                results.saveText("histogram-" + level + ".txt", top(probe.lastHistogram, 40) + "\n"
                        + parleyLines(probe.lastHistogram));
                results.put(step, "rss_per_conn_kib", (rss - rss0) / 1024.0 / joined);
                if (!probe.lastHistogram.isEmpty()) { // a JVM server
                    results.put(step, "parley_bytes_per_conn", (parleyBytes(probe.lastHistogram) - parley0)
                            / (double) joined);
                }
                results.put(step, "heap_per_conn_kib", heap < 0 ? -1 : (heap - heap0) / 1024.0 / joined);
                results.put(step, "connect_rate_per_s", add / connectS);
                results.put(step, "server_cpu_ms_per_connect", cpu * 1000 / add);
                System.out.printf(Locale.ROOT,
                        "idle     %6d conns  rss %7.1f MiB  heap %7.1f MiB  per conn: rss %5.1f KiB heap %5.1f KiB"
                                + "  connect %5.0f/s, %.2f ms server CPU each%n",
                        joined, rss / 1048576.0, heap / 1048576.0, (rss - rss0) / 1024.0 / joined,
                        (heap - heap0) / 1024.0 / joined, add / connectS, cpu * 1000 / add);
            }
            integrity("end", clients);
        }
    }

    /**
     * Bytes of the objects of Parley's own classes (dev.parley.*) in a class histogram of a JVM server: the shallow
     * size of its records, outboxes and the like; the JDK collections and strings they hold count under java.*.
     */
    static long parleyBytes(String histogram) {
        return parleyLines(histogram).lines().mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[2])).sum();
    }

    /** The histogram's lines of Parley's own classes. */
    static String parleyLines(String histogram) {
        if (histogram == null) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        histogram.lines().filter(line -> line.contains(" dev.parley.") || line.contains(" [Ldev.parley."))
                .forEach(line -> lines.append(line).append('\n'));
        return lines.toString();
    }

    /** The first {@code lines} lines of a class histogram and its Total line. */
    static String top(String histogram, int lines) {
        List<String> all = histogram.lines().toList();
        if (all.size() <= lines + 1) {
            return histogram;
        }
        return String.join("\n", all.subList(0, lines)) + "\n...\n" + all.get(all.size() - 1) + "\n";
    }

    // ---------------------------------------------------------------- fanout

    /** One room, one sender, receivers stepped 1k..10k (or the one size --clients gives); rate doubled until p99 passes 100 ms. */
    private void fanout() throws Exception {
        int[] sizes = s.stormClients > 0 ? new int[]{s.stormClients} // --clients: one size
                : s.quick ? new int[]{1000, 5000} : new int[]{1000, 5000, 10000};
        double[] rates = this.rates != null ? this.rates
                : new double[]{5_000, 10_000, 25_000, 50_000, 100_000, 200_000, 400_000, 800_000};
        try (Clients clients = clients()) {
            // the sender (connection 0) on node 0, receivers round robin over every node: cross-node fan-out
            List<WsConn> members = new ArrayList<>();
            for (int size : sizes) {
                int base = members.size();
                // Names from a pool of 16: presence goes out per distinct name, so 10k distinct names would make
                // joining O(n^2) in presence frames and joined.members O(n) per join (measured apart, see docs).
                members.addAll(clients.open(size - base, i -> "fanout", i -> "r" + ((base + i) % 16), true, false,
                        180));
                LockSupport.parkNanos(1_000_000_000L);
                if (base == 0) {
                    warmUp(clients, List.of(members.get(0)), new int[]{size}, 5_000.0 / size);
                }
                for (double rate : rates) {
                    Step step = step(clients, List.of(members.get(0)), new int[]{joinedMeasured(members)},
                            rate / joinedMeasured(members), 0, size + "r@" + (int) (rate / 1000) + "k", rate);
                    if (!step.passed) {
                        break;
                    }
                }
            }
            integrity("end", clients);
        }
    }

    /**
     * What read markers cost: one room of N receivers with distinct names (each its own user), one sender; each rate
     * step runs twice on the same connections, plain ({@code plain<N>@<k>}), then with every member sending {@code read}
     * for what it received once a second ({@code reads<N>@<k>}, {@link MarkerReader}). Rates stop at the first step
     * either variant fails. N: --clients, default 1000.
     */
    private void reads() throws Exception {
        int size = s.stormClients > 0 ? s.stormClients : 1000;
        double[] rates = this.rates != null ? this.rates
                : new double[]{5_000, 10_000, 25_000, 50_000, 100_000, 200_000, 400_000};
        try (Clients clients = clients()) {
            List<WsConn> members = clients.open(size, i -> "reads", i -> "u" + i, true, false, 300);
            LockSupport.parkNanos(2_000_000_000L);
            drain(clients);
            int measured = joinedMeasured(members);
            warmUp(clients, List.of(members.get(0)), new int[]{measured}, 5_000.0 / measured);
            for (double rate : rates) {
                String at = size + "@" + (int) (rate / 1000) + "k";
                boolean plain = step(clients, List.of(members.get(0)), new int[]{measured}, rate / measured, 0,
                        "plain" + at, rate).passed;
                MarkerReader reader = new MarkerReader(members, "reads");
                reader.start();
                boolean reading = step(clients, List.of(members.get(0)), new int[]{measured}, rate / measured, 0,
                        "reads" + at, rate).passed;
                reader.stop();
                results.put("reads" + at, "reads_sent", reader.reads);
                if (!plain || !reading) {
                    break;
                }
            }
            integrity("end", clients);
        }
    }

    /**
     * The fallback transport's cost: one room, one WebSocket sender, first N WebSocket receivers, then (after those
     * closed) N receivers on the SSE stream (docs/protocol.md, "Fallback transport"), the same rates for both on the
     * same server; the sender is a measured member in both. Steps: {@code ws<N>@<k>} and {@code sse<N>@<k>}.
     */
    private void fanoutSse() throws Exception {
        int[] sizes = s.quick ? new int[]{200} : new int[]{200, 500};
        double[] rates = this.rates != null ? this.rates : new double[]{2_000, 5_000, 10_000, 20_000, 40_000};
        try (Clients clients = clients()) {
            WsConn sender = clients.open(1, i -> "fanout-sse", i -> "sender", true, false, 60).get(0);
            for (int size : sizes) {
                List<WsConn> ws = clients.open(size, i -> "fanout-sse", i -> "r" + (i % 16), true, false, 120);
                LockSupport.parkNanos(1_000_000_000L);
                int members = 1 + joinedMeasured(ws);
                warmUp(clients, List.of(sender), new int[]{members}, 5_000.0 / members);
                for (double rate : rates) {
                    if (!step(clients, List.of(sender), new int[]{members}, rate / members, 0,
                            "ws" + size + "@" + (int) (rate / 1000) + "k", rate).passed) {
                        break;
                    }
                }
                ws.forEach(WsConn::close);
                LockSupport.parkNanos(2_000_000_000L);
                drain(clients);
                SseReceivers group = clients.sseGroup();
                members = 1 + group.open(size, "fanout-sse", "f", 120);
                LockSupport.parkNanos(1_000_000_000L);
                warmUp(clients, List.of(sender), new int[]{members}, 5_000.0 / members);
                for (double rate : rates) {
                    if (!step(clients, List.of(sender), new int[]{members}, rate / members, 0,
                            "sse" + size + "@" + (int) (rate / 1000) + "k", rate).passed) {
                        break;
                    }
                }
                group.close();
                LockSupport.parkNanos(2_000_000_000L);
            }
            integrity("end", clients);
        }
    }

    // ---------------------------------------------------------------- rooms, slow, churn

    private static final int ROOMS = 100;
    private static final int MEMBERS = 20;

    private List<WsConn> openRooms(Clients clients) throws IOException, InterruptedException {
        // Senders (the first member of each room) on node 0; the other members round robin over every node.
        int nodes = clients.nodes();
        clients.placement = i -> i < ROOMS ? 0 : i % nodes;
        List<WsConn> members = clients.open(ROOMS * MEMBERS, i -> "room" + (i % ROOMS), i -> "m" + i, true, false,
                120);
        LockSupport.parkNanos(1_000_000_000L);
        warmUp(clients, sendersOf(members), measuredPerRoom(members, 0), 5_000.0 / MEMBERS);
        return members;
    }

    /** The first member of each room sends. */
    private static List<WsConn> sendersOf(List<WsConn> members) {
        return new ArrayList<>(members.subList(0, ROOMS));
    }

    private static int[] measuredPerRoom(List<WsConn> members, int extraPerRoom) {
        int[] perRoom = new int[ROOMS];
        java.util.Arrays.fill(perRoom, MEMBERS + extraPerRoom);
        return perRoom;
    }

    /** 100 rooms x 20 members, 100 senders; total rate doubled until p99 passes 100 ms. */
    private void rooms() throws Exception {
        double[] rates = this.rates != null ? this.rates
                : new double[]{5_000, 10_000, 25_000, 50_000, 100_000, 200_000, 400_000};
        try (Clients clients = clients()) {
            List<WsConn> members = openRooms(clients);
            for (double rate : rates) {
                Step step = step(clients, sendersOf(members), measuredPerRoom(members, 0), rate / MEMBERS, 0,
                        "@" + (int) (rate / 1000) + "k", rate);
                if (!step.passed) {
                    break;
                }
            }
            integrity("end", clients);
        }
    }

    /**
     * Rooms at fixed rates, first as they are, then with 1% more clients (one in each of 20 rooms) that join and never
     * read again. Messages carry 512 characters of padding so that the stalled sockets fill up within the run.
     */
    private void slow() throws Exception {
        // Rates every server here sustains (Parley on Payara tops out near 5k deliveries/s on one shared core).
        double[] rates = s.quick ? new double[]{2_000} : new double[]{2_000, 10_000};
        int pad = 512;
        int slowCount = ROOMS * MEMBERS / 100;
        try (Clients clients = clients()) {
            List<WsConn> members = openRooms(clients);
            for (double rate : rates) {
                step(clients, sendersOf(members), measuredPerRoom(members, 0), rate / MEMBERS, pad,
                        "before@" + (int) (rate / 1000) + "k", rate);
            }
            clients.open(slowCount, i -> "room" + i, i -> "slow" + i, false, true, 60);
            LockSupport.parkNanos(1_000_000_000L);
            for (double rate : rates) {
                step(clients, sendersOf(members), measuredPerRoom(members, 0), rate / MEMBERS, pad,
                        "slow1%@" + (int) (rate / 1000) + "k", rate);
            }
            results.put("end", "slow_clients", slowCount);
            integrity("end", clients);
        }
    }

    /** Rooms at a fixed rate, first alone, then while 200 clients a second connect, join, stay 1 s and close. */
    private void churn() throws Exception {
        double rate = 5_000;
        try (Clients clients = clients()) {
            List<WsConn> members = openRooms(clients);
            step(clients, sendersOf(members), measuredPerRoom(members, 0), rate / MEMBERS, 0, "before@5k", rate);
            Churner churner = new Churner(clients, 200, 1.0);
            churner.start();
            step(clients, sendersOf(members), measuredPerRoom(members, 0), rate / MEMBERS, 0, "churn200@5k", rate);
            churner.stop();
            results.put("churn200@5k", "churn_connects", churner.opened);
            results.put("churn200@5k", "churn_connects_per_s", churner.achievedRate());
            integrity("end", clients);
        }
    }

    /** A handful of connections and messages: checks the harness against a server. */
    private void smoke() throws Exception {
        try (Clients clients = clients()) {
            List<WsConn> members = clients.open(20, i -> "smoke", i -> "s" + i, true, false, 30);
            step(clients, List.of(members.get(0)), new int[]{joinedMeasured(members)}, 50, 0, "smoke", 1000);
            integrity("end", clients);
        }
    }

    /** Opens {@code perSecond} connections a second into the rooms; each closes {@code staySeconds} after joining. */
    private final class Churner implements Runnable {
        private final Clients clients;
        private final int perSecond;
        private final double staySeconds;
        private final Thread thread = new Thread(this, "churn");
        private volatile boolean running = true;
        volatile int opened;
        private long startNanos;
        private long stopNanos;

        Churner(Clients clients, int perSecond, double staySeconds) {
            this.clients = clients;
            this.perSecond = perSecond;
            this.staySeconds = staySeconds;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        double achievedRate() {
            return opened / ((stopNanos - startNanos) / 1e9);
        }

        @Override
        @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer: this thread
        public void run() {
            java.util.ArrayDeque<WsConn> live = new java.util.ArrayDeque<>();
            startNanos = System.nanoTime();
            long interval = 1_000_000_000L / perSecond;
            long k = 0;
            try {
                while (running) {
                    long due = startNanos + k * interval;
                    long now = System.nanoTime();
                    while (!live.isEmpty() && (live.peek().joinedAtNanos != 0
                            ? now - live.peek().joinedAtNanos > staySeconds * 1e9
                            : now - live.peek().connectStartNanos > 10e9)) {
                        live.poll().close();
                    }
                    if (due > now) {
                        LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                        continue;
                    }
                    live.add(clients.openOne("room" + (k % ROOMS), "c" + k, false, false));
                    opened++;
                    k++;
                }
            } catch (IOException e) {
                System.err.println("churn stopped: " + e);
            }
            stopNanos = System.nanoTime();
            live.forEach(WsConn::close);
        }
    }

    // ---------------------------------------------------------------- one step

    /**
     * Unmeasured traffic before the first step, so that a JIT-compiled server (and the client) are measured warm:
     * {@code warmupTrafficS} at {@code messagesPerSecond}.
     */
    private void warmUp(Clients clients, List<WsConn> senders, int[] measuredMembers, double messagesPerSecond)
            throws InterruptedException {
        OpenLoopSender sender = new OpenLoopSender(senders, measuredMembers, messagesPerSecond, clients.window, 0);
        sender.start();
        LockSupport.parkNanos((long) (s.warmupTrafficS * 1e9));
        sender.stop();
        double drainS = drain(clients);
        clients.snapshot(true);
        System.out.printf(Locale.ROOT, "%-8s warm-up: %.0f s at %.0f messages/s, not measured (backlog drained in %.1f s)%n",
                results.scenario(), s.warmupTrafficS, messagesPerSecond, drainS);
    }

    /** Waits (at most 20 s) until nothing has arrived for half a second: no backlog is carried into the next step. */
    private static double drain(Clients clients) {
        long start = System.nanoTime();
        long last = clients.received();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - start < 20_000_000_000L) {
            LockSupport.parkNanos(100_000_000L);
            long now = clients.received();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 500_000_000L) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    record Step(boolean passed) {
    }

    private static int joinedMeasured(List<WsConn> members) {
        int n = 0;
        for (WsConn c : members) {
            if (c.isOpen() && c.measured) {
                n++;
            }
        }
        return n;
    }

    /**
     * Sends at {@code messagesPerSecond} for warm-up + window + grace. Latency and the expected-delivery check cover
     * messages due inside the window; CPU and throughput are read at the window's edges.
     */
    private Step step(Clients clients, List<WsConn> senders, int[] measuredMembers, double messagesPerSecond,
                      int pad, String label, double offeredDeliveries) throws Exception {
        LoopStats before = clients.snapshot(true);
        Window window = clients.window;
        OpenLoopSender sender = new OpenLoopSender(senders, measuredMembers, messagesPerSecond, window, pad);
        sender.start();
        LockSupport.parkNanos((long) (s.warmupS * 1e9));
        long recv0 = clients.received();
        double[] each0 = probe.cpuSecondsEach();
        double cpu0 = sum(each0);
        double self0 = ServerProbe.cpuSecondsOf(selfPid);
        long t0 = System.nanoTime();
        window.end = Long.MAX_VALUE;
        window.start = t0;
        LockSupport.parkNanos((long) (s.measureS * 1e9));
        long t1 = System.nanoTime();
        window.end = t1;
        long recv1 = clients.received();
        double[] each1 = probe.cpuSecondsEach();
        double cpu1 = sum(each1);
        double self1 = ServerProbe.cpuSecondsOf(selfPid);
        long rss = probe.rssBytes();
        // keep the load on while the window's last messages arrive
        long graceEnd = t1 + (long) (s.graceS * 1e9);
        while (System.nanoTime() < graceEnd) {
            LockSupport.parkNanos(100_000_000L);
            if (clients.windowDeliveries() >= sender.expectedInWindow && System.nanoTime() - t1 > 300_000_000L) {
                break;
            }
        }
        sender.stop();
        window.close();
        LoopStats snap = clients.snapshot(true);
        drain(clients);
        double seconds = (t1 - t0) / 1e9;
        double cpu = cpu1 - cpu0;
        long expected = sender.expectedInWindow;
        double fraction = expected == 0 ? 0 : (double) snap.windowDeliveries / expected;
        Histogram h = snap.latency;
        double p99 = h.getValueAtPercentile(99) / 1000.0;
        boolean passed = p99 <= P99_LIMIT_MS && fraction >= 0.99;
        double clientCpuPct = (self1 - self0) / seconds * 100;
        results.put(label, "offered_deliveries_per_s", offeredDeliveries);
        results.put(label, "delivered_per_s", (recv1 - recv0) / seconds);
        results.put(label, "delivered_fraction", fraction);
        results.put(label, "server_cpu_pct", cpu / seconds * 100);
        results.put(label, "deliveries_per_cpu_s", (recv1 - recv0) / cpu);
        results.put(label, "p50_ms", h.getValueAtPercentile(50) / 1000.0);
        results.put(label, "p90_ms", h.getValueAtPercentile(90) / 1000.0);
        results.put(label, "p99_ms", p99);
        results.put(label, "p999_ms", h.getValueAtPercentile(99.9) / 1000.0);
        results.put(label, "max_ms", h.getMaxValue() / 1000.0);
        results.put(label, "server_rss_mib", rss / 1048576.0);
        results.put(label, "client_cpu_pct", clientCpuPct);
        results.put(label, "sender_max_lag_ms", sender.maxLagMillis);
        results.put(label, "passed", passed ? 1 : 0);
        long messages = snap.textMessages - before.textMessages;
        results.put(label, "frames_per_message", messages == 0 ? 0 : (double) (snap.frames - before.frames) / messages);
        if (snap.joinLatency.getTotalCount() > 0) {
            results.put(label, "join_p50_ms", snap.joinLatency.getValueAtPercentile(50) / 1000.0);
            results.put(label, "join_p99_ms", snap.joinLatency.getValueAtPercentile(99) / 1000.0);
        }
        System.out.printf(Locale.ROOT,
                "%-8s %-14s offered %8.0f/s delivered %8.0f/s (%5.1f%%)  server CPU %5.1f%%  %8.0f deliveries/CPU-s"
                        + "  p50 %7.2f p90 %7.2f p99 %7.2f p99.9 %7.2f max %7.2f ms  client CPU %5.1f%%%s%n",
                results.scenario(), label, offeredDeliveries, (recv1 - recv0) / seconds, fraction * 100,
                cpu / seconds * 100, (recv1 - recv0) / cpu, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, p99, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0, clientCpuPct, passed ? "" : "  << over the limit");
        if (ports.length > 1 || processNames.length > 1) {
            StringBuilder parts = new StringBuilder();
            for (int i = 0; i < each0.length && i < processNames.length; i++) {
                double pct = (each1[i] - each0[i]) / seconds * 100;
                results.put(label, "cpu_pct_" + processNames[i], pct);
                parts.append(String.format(Locale.ROOT, " %s %.1f%%", processNames[i], pct));
            }
            long all = 0;
            for (int n = 0; n < ports.length; n++) {
                all += snap.receivedByNode[n] - before.receivedByNode[n];
            }
            for (int n = 0; n < ports.length; n++) {
                long d = snap.receivedByNode[n] - before.receivedByNode[n];
                results.put(label, "delivered_share_node" + (n + 1), all == 0 ? 0 : (double) d / all);
                parts.append(String.format(Locale.ROOT, "; deliveries at node%d %.1f%%", n + 1,
                        all == 0 ? 0 : d * 100.0 / all));
            }
            System.out.printf(Locale.ROOT, "%-8s %-14s CPU by process:%s%n", results.scenario(), label, parts);
        }
        integrity(label, clients, snap);
        return new Step(passed);
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    void integrity(String label, Clients clients) {
        integrity(label, clients, clients.snapshot(false));
    }

    void integrity(String label, Clients clients, LoopStats snap) {
        results.put(label, "gaps", snap.gaps);
        results.put(label, "duplicates", snap.duplicates);
        results.put(label, "reorders", snap.reorders);
        results.put(label, "error_frames", snap.errors);
        results.put(label, "io_errors", snap.ioErrors);
        results.put(label, "handshake_failures", snap.handshakeFailures);
        if (label.equals("end")) {
            results.put(label, "batched_connections", snap.batchedConnections);
            results.put(label, "plain_connections", snap.plainConnections);
            results.put(label, "frames_per_message",
                    snap.textMessages == 0 ? 0 : (double) snap.frames / snap.textMessages);
            System.out.printf(Locale.ROOT, "%-8s %-14s connections: %d batched (parley.batch selected), %d plain;"
                            + " %d frames in %d text messages (%.2f per message)%n", results.scenario(), label,
                    snap.batchedConnections, snap.plainConnections, snap.frames, snap.textMessages,
                    snap.textMessages == 0 ? 0 : (double) snap.frames / snap.textMessages);
        }
        StringBuilder closes = new StringBuilder();
        clients.closeCodes().forEach((code, n) -> {
            results.put(label, "closed_" + code, n);
            closes.append(' ').append(code).append('x').append(n);
        });
        if (snap.gaps + snap.duplicates + snap.reorders + snap.errors + snap.ioErrors + snap.handshakeFailures > 0
                || closes.length() > 0) {
            System.out.printf(Locale.ROOT, "%-8s %-14s gaps %d duplicates %d reorders %d error frames %d%s"
                            + " io errors %d%s handshake failures %d%s closes:%s%n",
                    results.scenario(), label, snap.gaps, snap.duplicates, snap.reorders, snap.errors,
                    snap.errorSamples.isEmpty() ? "" : " " + snap.errorSamples, snap.ioErrors,
                    snap.firstIoError == null ? "" : " (" + snap.firstIoError + ")", snap.handshakeFailures,
                    snap.firstHandshakeFailure == null ? "" : " (" + snap.firstHandshakeFailure + ")", closes);
        }
    }
}
