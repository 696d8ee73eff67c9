package dev.parley.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The connection storm: N clients connect and join at once on a freshly started server (cold), all disconnect, and
 * the same N connect and join again on the now warm server. Into one room (every join is a {@code presence} frame to
 * everyone already there: N(N-1)/2 frames) or into 100 rooms of 20.
 * <p>
 * Per storm: wall time until every client has its {@code joined}, and until every presence frame has arrived
 * (settled); server CPU, RSS and heap growth; join latency (connect to {@code joined}); and the check that nothing was
 * lost: each open client's {@code joined.members} plus the presence joins (minus leaves) it received afterwards must
 * make the number of clients joined and still open in its room (its size, when the storm completes), some client of
 * each room must have been given the full room in {@code joined.members}, and the presence frames received must add
 * up to the exact count the joins imply.
 */
final class Storm {

    private static final int ROOMS = 100;
    private static final int MEMBERS = 20;
    /** Nothing received for this long after the last join: the storm has settled. */
    private static final long QUIET_NANOS = 1_000_000_000L;

    private final Scenarios.Settings s;
    private final ServerProbe probe;
    private final Results results;
    private final Scenarios scenarios;
    private final long selfPid = ProcessHandle.current().pid();

    Storm(Scenarios.Settings settings, ServerProbe probe, Results results, Scenarios scenarios) {
        this.s = settings;
        this.probe = probe;
        this.results = results;
        this.scenarios = scenarios;
    }

    /** @param rooms 100 rooms of 20 (2,000 clients) instead of one room of {@code stormClients} */
    void run(boolean rooms) throws Exception {
        int n = rooms ? ROOMS * MEMBERS : s.stormClients() > 0 ? s.stormClients() : s.quick() ? 1000 : 2000;
        int roomSize = rooms ? MEMBERS : n;
        IntFunction<String> roomOf = rooms ? i -> "storm" + (i % ROOMS) : i -> "storm";
        double timeoutS = s.stormTimeoutS() > 0 ? s.stormTimeoutS() : Math.max(180, n * 0.06);
        System.out.printf(Locale.ROOT, "%-8s %d clients into %s, %d handshakes in flight at most, %s clients,"
                        + " join timeout %.0f s%n", results.scenario(), n,
                rooms ? ROOMS + " rooms of " + MEMBERS : "one room", s.stormInFlight(),
                s.batch() ? "batched (parley.batch offered)" : "plain", timeoutS);
        try (Clients clients = new Clients(s.host(), s.port(), s.ioThreads(), s.batch())) {
            LockSupport.parkNanos(1_000_000_000L);
            long heap0 = probe.heapAfterGcBytes();
            long rss0 = probe.rssBytes();
            String cold = n + " cold";
            results.put(cold, "server_start_cpu_s", probe.cpuSeconds());
            List<WsConn> conns = once(clients, cold, n, roomSize, roomOf, timeoutS, rss0, heap0);
            disconnect(clients, conns, cold);
            long heapWarm = probe.heapAfterGcBytes();
            long rssWarm = probe.rssBytes();
            String warm = n + " warm";
            conns = once(clients, warm, n, roomSize, roomOf, timeoutS, rssWarm, heapWarm);
            disconnect(clients, conns, warm);
            scenarios.integrity("end", clients);
        }
    }

    /** One storm; figures under {@code label}. */
    private List<WsConn> once(Clients clients, String label, int n, int roomSize, IntFunction<String> roomOf,
                              double timeoutS, long rss0, long heap0) throws IOException {
        LoopStats before = clients.snapshot(true);
        double cpu0 = probe.cpuSeconds();
        double self0 = ServerProbe.cpuSecondsOf(selfPid);
        long t0 = System.nanoTime();
        List<WsConn> conns = clients.open(n, roomOf, i -> "st" + i, false, false, timeoutS, s.stormInFlight());
        long tJoined = System.nanoTime();
        double cpuJoined = probe.cpuSeconds();
        long expectedPresence = (long) (n / roomSize) * roomSize * (roomSize - 1L) / 2;
        // Settle: every presence frame the joins imply has arrived, or nothing has arrived for a second.
        long settleDeadline = tJoined + 60_000_000_000L;
        long last = clients.frames();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < settleDeadline) {
            if (presenceAfterJoined(conns) >= expectedPresence) {
                break;
            }
            LockSupport.parkNanos(50_000_000L);
            long now = clients.frames();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET_NANOS) {
                break;
            }
        }
        long tSettled = System.nanoTime();
        double cpu = probe.cpuSeconds() - cpu0;
        double selfCpu = ServerProbe.cpuSecondsOf(selfPid) - self0;
        long rss = probe.rssBytes();
        LoopStats after = clients.snapshot(true);
        long heap = probe.heapAfterGcBytes();
        results.saveText("histogram-" + label.replace(' ', '-') + ".txt", Scenarios.top(probe.lastHistogram, 40));

        int joined = 0;
        int inconsistent = 0;
        long presenceJoins = 0;
        long presenceEarly = 0;
        Map<String, Integer> fullest = new HashMap<>();
        // Who is in each room now: the clients that joined and are still open. When a storm is cut short (some never
        // joined, some were dropped), each client's view must still match that, so lost presence shows either way.
        Map<String, Integer> present = new HashMap<>();
        for (WsConn c : conns) {
            if (c.joinedMembers >= 0 && c.isOpen()) {
                present.merge(c.room, 1, Integer::sum);
            }
        }
        for (WsConn c : conns) {
            if (c.joinedMembers >= 0) {
                joined++;
                fullest.merge(c.room, c.joinedMembers, Math::max);
                int view = c.joinedMembers + c.presenceJoinsAfterJoined - c.presenceLeavesAfterJoined;
                if (c.isOpen() && view != present.get(c.room)) {
                    inconsistent++;
                }
            }
            presenceJoins += c.presenceJoinsAfterJoined;
            presenceEarly += c.presenceBeforeJoined;
        }
        long roomsShort = fullest.values().stream().filter(m -> m != roomSize).count()
                + (n / roomSize - fullest.size());
        int maxMembers = fullest.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long messages = after.textMessages - before.textMessages;
        long frames = after.frames - before.frames;
        double joinedS = (tJoined - t0) / 1e9;
        double settledS = (tSettled - t0) / 1e9;
        boolean ok = joined == n && inconsistent == 0 && roomsShort == 0 && presenceJoins == expectedPresence
                && presenceEarly == 0;

        results.put(label, "clients", n);
        results.put(label, "joined", joined);
        results.put(label, "wall_s_joined", joinedS);
        results.put(label, "wall_s_settled", settledS);
        results.put(label, "server_cpu_s_joined", cpuJoined - cpu0);
        results.put(label, "server_cpu_s", cpu);
        results.put(label, "server_cpu_ms_per_conn", cpu * 1000 / n);
        results.put(label, "rss_before_mib", rss0 / 1048576.0);
        results.put(label, "rss_growth_mib", (rss - rss0) / 1048576.0);
        results.put(label, "heap_growth_mib", heap < 0 || heap0 < 0 ? Double.NaN : (heap - heap0) / 1048576.0);
        if (after.joinLatency.getTotalCount() > 0) {
            results.put(label, "join_p50_ms", after.joinLatency.getValueAtPercentile(50) / 1000.0);
            results.put(label, "join_p99_ms", after.joinLatency.getValueAtPercentile(99) / 1000.0);
            results.put(label, "join_max_ms", after.joinLatency.getMaxValue() / 1000.0);
        }
        results.put(label, "presence_frames", presenceJoins);
        results.put(label, "presence_expected", expectedPresence);
        results.put(label, "presence_before_joined", presenceEarly);
        results.put(label, "inconsistent_clients", inconsistent);
        results.put(label, "rooms_short", roomsShort);
        results.put(label, "max_joined_members", maxMembers);
        results.put(label, "text_messages", messages);
        results.put(label, "frames_per_message", messages == 0 ? Double.NaN : (double) frames / messages);
        results.put(label, "batched_connections", after.batchedConnections - before.batchedConnections);
        results.put(label, "client_cpu_s", selfCpu);
        results.put(label, "consistent", ok ? 1 : 0);
        System.out.printf(Locale.ROOT,
                "%-8s %-11s %5d/%d joined in %6.2f s, settled in %6.2f s  server CPU %6.2f s (%.2f ms/conn, %.2f s"
                        + " to joined)  RSS %+7.1f MiB  heap %+7.1f MiB  join p50 %.0f p99 %.0f ms  presence %d/%d"
                        + " (%d early)  frames/message %.2f  inconsistent %d  rooms short %d  max members %d%s%n",
                results.scenario(), label, joined, n, joinedS, settledS, cpu, cpu * 1000 / n, cpuJoined - cpu0,
                (rss - rss0) / 1048576.0, heap < 0 || heap0 < 0 ? Double.NaN : (heap - heap0) / 1048576.0,
                after.joinLatency.getValueAtPercentile(50) / 1000.0,
                after.joinLatency.getValueAtPercentile(99) / 1000.0, presenceJoins, expectedPresence, presenceEarly,
                messages == 0 ? Double.NaN : (double) frames / messages, inconsistent, roomsShort, maxMembers,
                ok ? "" : "  << NOT CONSISTENT");
        scenarios.integrity(label, clients, after);
        return conns;
    }

    private static long presenceAfterJoined(List<WsConn> conns) {
        long sum = 0;
        for (WsConn c : conns) {
            sum += c.presenceJoinsAfterJoined;
        }
        return sum;
    }

    /** Every client of the storm closes (close frame 1000, then the socket); waits until the server counts none. */
    private void disconnect(Clients clients, List<WsConn> conns, String label) {
        double cpu0 = probe.cpuSeconds();
        long t0 = System.nanoTime();
        for (WsConn c : conns) {
            c.close();
        }
        long deadline = t0 + 60_000_000_000L;
        long left = probe.connections();
        int unanswered = left < 0 ? 1 : 0;
        while (left != 0 && System.nanoTime() < deadline) {
            if (left < 0 && unanswered >= 3) {
                // no count three times (a server without one, or one too busy to answer): a bounded pause instead
                LockSupport.parkNanos(2_000_000_000L);
                break;
            }
            LockSupport.parkNanos(200_000_000L);
            left = probe.connections();
            unanswered = left < 0 ? unanswered + 1 : 0;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = probe.cpuSeconds() - cpu0;
        results.put(label, "disconnect_s", seconds);
        results.put(label, "disconnect_cpu_s", cpu);
        results.put(label, "server_connections_after_disconnect", left);
        System.out.printf(Locale.ROOT, "%-8s %-11s disconnected in %.2f s (%s), server CPU %.2f s%n",
                results.scenario(), label, seconds,
                left < 0 ? "server does not report connections: waited 2 s" : left + " connections left", cpu);
        clients.snapshot(true);
    }
}
