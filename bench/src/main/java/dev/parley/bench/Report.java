package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads result CSVs and prints, per scenario, the servers side by side (median over runs, min-max when there are
 * several) with the ratio of each server to Node; writes SVG charts of p99 and of deliveries per server CPU-second
 * against delivered messages per second.
 */
final class Report {

    /** scenario -> step -> metric -> server -> values over runs */
    private final Map<String, Map<String, Map<String, Map<String, List<Double>>>>> data = new LinkedHashMap<>();
    private final Set<String> servers = new LinkedHashSet<>();
    private final StringBuilder out = new StringBuilder();

    static void main(List<String> files, Map<String, String> options) throws IOException {
        Report report = new Report();
        for (String file : files) {
            report.read(Path.of(file));
        }
        report.render(options.get("scenario"));
        System.out.print(report.out);
        if (options.containsKey("md")) {
            Files.writeString(Path.of(options.get("md")), report.out, StandardCharsets.UTF_8);
        }
        if (options.containsKey("svg-dir")) {
            report.charts(Path.of(options.get("svg-dir")));
        }
    }

    private void read(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("server,")) {
                continue;
            }
            String[] f = line.split(",");
            servers.add(f[0]);
            data.computeIfAbsent(f[2], k -> new LinkedHashMap<>())
                    .computeIfAbsent(f[3], k -> new LinkedHashMap<>())
                    .computeIfAbsent(f[4], k -> new TreeMap<>())
                    .computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(Double.parseDouble(f[5]));
        }
    }

    /** Servers in the order seen, Node last: ratios are each server against Node. */
    private List<String> serverOrder() {
        List<String> order = new ArrayList<>();
        servers.stream().filter(s -> !s.equals("node")).forEach(order::add);
        if (servers.contains("node")) {
            order.add("node");
        }
        return order;
    }

    private void render(String only) {
        for (var scenario : data.entrySet()) {
            if (only != null && !only.equals(scenario.getKey())) {
                continue;
            }
            out.append("\n### ").append(scenario.getKey()).append("\n\n");
            if (scenario.getKey().equals("idle")) {
                idleTable(scenario.getValue());
            } else if (scenario.getKey().startsWith("storm")) {
                table(scenario.getValue(), STORM, step -> !step.equals("end"));
            } else {
                trafficTable(scenario.getValue());
            }
            integrityLine(scenario.getValue());
        }
    }

    private static final String[][] TRAFFIC = {
            {"delivered_per_s", "delivered/s", "%.0f"},
            {"deliveries_per_cpu_s", "deliveries/CPU-s", "%.0f"},
            {"server_cpu_pct", "server CPU %", "%.0f"},
            {"p50_ms", "p50 ms", "%.2f"},
            {"p90_ms", "p90 ms", "%.2f"},
            {"p99_ms", "p99 ms", "%.2f"},
            {"p999_ms", "p99.9 ms", "%.2f"},
            {"max_ms", "max ms", "%.1f"},
            {"delivered_fraction", "delivered", "%.3f"},
            {"client_cpu_pct", "client CPU %", "%.0f"},
            {"frames_per_message", "frames/msg", "%.2f"},
    };

    private static final String[][] STORM = {
            {"joined", "joined", "%.0f"},
            {"wall_s_joined", "all joined s", "%.2f"},
            {"wall_s_settled", "settled s", "%.2f"},
            {"server_cpu_s", "server CPU s", "%.2f"},
            {"server_cpu_ms_per_conn", "CPU ms/conn", "%.2f"},
            {"rss_growth_mib", "RSS +MiB", "%.0f"},
            {"heap_growth_mib", "heap +MiB", "%.1f"},
            {"join_p50_ms", "join p50 ms", "%.0f"},
            {"join_p99_ms", "join p99 ms", "%.0f"},
            {"presence_frames", "presence frames", "%.0f"},
            {"frames_per_message", "frames/msg", "%.2f"},
            {"consistent", "consistent", "%.0f"},
            {"disconnect_s", "all gone s", "%.2f"},
    };

    private static final String[][] IDLE = {
            {"joined", "joined", "%.0f"},
            {"rss_mib", "RSS MiB", "%.1f"},
            {"heap_after_gc_mib", "heap after GC MiB", "%.1f"},
            {"rss_per_conn_kib", "RSS KiB/conn", "%.2f"},
            {"heap_per_conn_kib", "heap KiB/conn", "%.2f"},
            {"parley_bytes_per_conn", "dev.parley.* B/conn", "%.0f"},
            {"server_cpu_ms_per_connect", "server CPU ms/connect", "%.3f"},
    };

    private static final String[][] CLUSTER = {
            {"cpu_pct_node1", "node1 CPU %", "%.1f"},
            {"cpu_pct_node2", "node2 CPU %", "%.1f"},
            {"cpu_pct_redis", "Redis CPU %", "%.1f"},
            {"delivered_share_node1", "deliveries at node1", "%.3f"},
            {"delivered_share_node2", "deliveries at node2", "%.3f"},
    };

    private void trafficTable(Map<String, Map<String, Map<String, List<Double>>>> steps) {
        table(steps, TRAFFIC, step -> !step.equals("end"));
        boolean cluster = steps.values().stream().anyMatch(m -> m.containsKey("cpu_pct_redis"));
        if (cluster) {
            out.append("\nWhere the server side's CPU went, and where the deliveries were made:\n\n");
            table(steps, CLUSTER, step -> !step.equals("end") && steps.get(step).containsKey("cpu_pct_redis"));
        }
    }

    private void idleTable(Map<String, Map<String, Map<String, List<Double>>>> steps) {
        table(steps, IDLE, step -> !step.equals("end"));
    }

    private void table(Map<String, Map<String, Map<String, List<Double>>>> steps, String[][] columns,
                       java.util.function.Predicate<String> include) {
        List<String> order = serverOrder();
        out.append("| step | server |");
        for (String[] c : columns) {
            out.append(' ').append(c[1]).append(" |");
        }
        out.append("\n|---|---|");
        out.append("---:|".repeat(columns.length)).append('\n');
        for (var step : steps.entrySet()) {
            if (!include.test(step.getKey())) {
                continue;
            }
            Map<String, Map<String, List<Double>>> metrics = step.getValue();
            boolean first = true;
            for (String server : order) {
                if (!hasServer(metrics, server, columns)) {
                    continue;
                }
                out.append("| ").append(first ? step.getKey() : "").append(" | ").append(server);
                int n = runs(metrics, server);
                if (n > 1) {
                    out.append(" (").append(n).append(" runs)");
                }
                out.append(" |");
                for (String[] c : columns) {
                    out.append(' ').append(cell(metrics.get(c[0]), server, c[2])).append(" |");
                }
                out.append('\n');
                first = false;
            }
            if (order.contains("node")) {
                for (String server : order) {
                    if (server.equals("node") || !hasServer(metrics, server, columns)
                            || !hasServer(metrics, "node", columns)) {
                        continue;
                    }
                    out.append("| ").append(" | **").append(server).append("/node** |");
                    for (String[] c : columns) {
                        double a = median(metrics.get(c[0]), server);
                        double b = median(metrics.get(c[0]), "node");
                        out.append(' ').append(Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "" :
                                String.format(Locale.ROOT, "**%.2f**", a / b)).append(" |");
                    }
                    out.append('\n');
                }
            }
            for (String server : order) {
                for (String reference : referencesOf(server, order)) {
                    if (!hasServer(metrics, server, columns) || !hasServer(metrics, reference, columns)) {
                        continue;
                    }
                    out.append("| ").append(" | *").append(server).append('/').append(reference).append("* |");
                    for (String[] c : columns) {
                        double a = median(metrics.get(c[0]), server);
                        double b = median(metrics.get(c[0]), reference);
                        out.append(' ').append(Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "" :
                                String.format(Locale.ROOT, "*%.2f*", a / b)).append(" |");
                    }
                    out.append('\n');
                }
            }
        }
    }

    /**
     * The servers of {@code servers} that {@code server} gets a ratio row against besides Node: batched clients against
     * plain ones on the same server ({@code wildfly-batch/wildfly}), a cluster against one node of the same server
     * ({@code payara-cluster/payara}), and Parley, plain or batched, against the floor on the same server
     * ({@code wildfly/wildfly-floor}, {@code wildfly-batch/wildfly-floor}: Parley's cost over the container's own).
     */
    static List<String> referencesOf(String server, java.util.Collection<String> servers) {
        List<String> references = new ArrayList<>();
        if (server.equals("node") || server.endsWith("-floor")) {
            return references;
        }
        String base = server;
        for (String suffix : List.of("-batch", "-cluster")) {
            if (server.endsWith(suffix)) {
                base = server.substring(0, server.length() - suffix.length());
                if (servers.contains(base)) {
                    references.add(base);
                }
            }
        }
        if (!server.endsWith("-cluster") && servers.contains(base + "-floor")) {
            references.add(base + "-floor");
        }
        return references;
    }

    private void integrityLine(Map<String, Map<String, Map<String, List<Double>>>> steps) {
        Map<String, Map<String, List<Double>>> end = steps.get("end");
        if (end == null) {
            return;
        }
        out.append('\n');
        for (String server : serverOrder()) {
            StringBuilder line = new StringBuilder();
            for (String metric : List.of("gaps", "duplicates", "reorders", "error_frames", "io_errors",
                    "handshake_failures")) {
                List<Double> v = end.getOrDefault(metric, Map.of()).get(server);
                if (v != null) {
                    line.append(metric.replace('_', ' ')).append(' ').append(fmt(Collections.max(v), "%.0f"))
                            .append(", ");
                }
            }
            end.forEach((metric, byServer) -> {
                if (metric.startsWith("closed_") && byServer.containsKey(server)) {
                    line.append("closes with ").append(metric.substring(7)).append(": ")
                            .append(fmt(Collections.max(byServer.get(server)), "%.0f")).append(" (max over runs), ");
                }
            });
            if (line.length() > 0) {
                out.append("- ").append(server).append(" (worst run): ")
                        .append(line, 0, line.length() - 2).append('\n');
            }
        }
    }

    private static boolean hasServer(Map<String, Map<String, List<Double>>> metrics, String server,
                                     String[][] columns) {
        for (String[] c : columns) {
            if (metrics.containsKey(c[0]) && metrics.get(c[0]).containsKey(server)) {
                return true;
            }
        }
        return false;
    }

    private static int runs(Map<String, Map<String, List<Double>>> metrics, String server) {
        int n = 0;
        for (var m : metrics.values()) {
            if (m.containsKey(server)) {
                n = Math.max(n, m.get(server).size());
            }
        }
        return n;
    }

    private static String cell(Map<String, List<Double>> byServer, String server, String format) {
        if (byServer == null || !byServer.containsKey(server)) {
            return "";
        }
        List<Double> v = new ArrayList<>(byServer.get(server));
        Collections.sort(v);
        String median = fmt(median(v), format);
        if (v.size() == 1) {
            return median;
        }
        return median + " (" + fmt(v.get(0), format) + "–" + fmt(v.get(v.size() - 1), format) + ")";
    }

    private static double median(Map<String, List<Double>> byServer, String server) {
        if (byServer == null || !byServer.containsKey(server)) {
            return Double.NaN;
        }
        return median(byServer.get(server));
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static String fmt(double value, String format) {
        return String.format(Locale.ROOT, format, value);
    }

    // ---------------------------------------------------------------- charts

    private void charts(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var scenario : data.entrySet()) {
            if (scenario.getKey().equals("idle") || scenario.getKey().startsWith("storm")) {
                continue; // no traffic steps to chart
            }
            Map<String, List<double[]>> p99 = new LinkedHashMap<>();
            Map<String, List<double[]>> efficiency = new LinkedHashMap<>();
            for (var step : scenario.getValue().entrySet()) {
                Map<String, Map<String, List<Double>>> m = step.getValue();
                if (!m.containsKey("delivered_per_s")) {
                    continue;
                }
                String series = step.getKey().contains("@") ? step.getKey().substring(0, step.getKey().indexOf('@'))
                        : "";
                for (String server : serverOrder()) {
                    double x = median(m.get("delivered_per_s"), server);
                    if (Double.isNaN(x)) {
                        continue;
                    }
                    String name = server + (series.isEmpty() ? "" : " " + series);
                    p99.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(new double[]{x, median(m.get("p99_ms"), server)});
                    efficiency.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(new double[]{x, median(m.get("deliveries_per_cpu_s"), server)});
                }
            }
            Files.writeString(dir.resolve(scenario.getKey() + "-p99.svg"), Svg.lineChart(
                    scenario.getKey() + ": p99 latency against delivered messages per second",
                    "delivered messages/s", "p99 latency, ms (log)", true, p99), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(scenario.getKey() + "-efficiency.svg"), Svg.lineChart(
                    scenario.getKey() + ": deliveries per server CPU-second",
                    "delivered messages/s", "deliveries per server CPU-second", false, efficiency),
                    StandardCharsets.UTF_8);
        }
    }
}
