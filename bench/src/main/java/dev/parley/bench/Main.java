package dev.parley.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point.
 * <pre>
 * run SCENARIO --port P --pid PID --server NAME --kind parley|node --out results.csv [--run N] [--quick] [--io N]
 *     [--batch]           clients offer the parley.batch subprotocol and split batched messages
 *     [--clients N]       storm: clients in the storm (default 2000, quick 1000); fanout: receivers (one size)
 *     [--inflight N]      storm: connections opened but not yet joined at a time (default 1000)
 *     [--timeout S]       storm: seconds the clients may take to join (default max(180, N * 0.06))
 *     [--ports P1,P2]     a cluster: clients spread over these nodes (fanout, rooms: senders on the first)
 *     [--pid A,B,C]       several server-side processes (nodes, Redis): CPU and RSS summed over them
 *     [--pid-names a,b,c] their names, for CPU per process
 *     [--rates R1,R2,...] fanout and rooms: offered deliveries/s stepped through instead of their own lists
 * report results.csv... [--md table.md] [--svg-dir DIR]
 * jfrtop recording.jfr [N]
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: run SCENARIO ... | report CSV... | jfrtop JFR [N]");
            System.exit(2);
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                options.put(name, flag ? "true" : args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        switch (args[0]) {
            case "run" -> run(positional.get(0), options);
            case "report" -> Report.main(positional, options);
            case "jfrtop" -> JfrTop.print(Path.of(positional.get(0)),
                    positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 25);
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void run(String scenario, Map<String, String> o) throws Exception {
        String host = o.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(o.getOrDefault("port", "8099"));
        long[] pids = java.util.Arrays.stream(o.get("pid").split(",")).mapToLong(Long::parseLong).toArray();
        int[] ports = o.containsKey("ports")
                ? java.util.Arrays.stream(o.get("ports").split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{port};
        port = ports[0];
        ServerProbe probe = new ServerProbe(pids, o.getOrDefault("kind", "parley"), host, port);
        Results results = new Results(Path.of(o.getOrDefault("out", "bench/results/results.csv")),
                o.getOrDefault("server", probe.kind), Integer.parseInt(o.getOrDefault("run", "1")), scenario);
        Scenarios.Settings settings = Scenarios.Settings.of(host, port, o.containsKey("quick"),
                Integer.parseInt(o.getOrDefault("io", "1")), o.containsKey("batch"),
                Integer.parseInt(o.getOrDefault("clients", "0")), Integer.parseInt(o.getOrDefault("inflight", "1000")),
                Double.parseDouble(o.getOrDefault("timeout", "0")));
        String[] names = o.containsKey("pid-names") ? o.get("pid-names").split(",") : new String[0];
        double[] rates = o.containsKey("rates")
                ? java.util.Arrays.stream(o.get("rates").split(",")).mapToDouble(Double::parseDouble).toArray()
                : null;
        new Scenarios(settings, probe, results).nodes(ports, names, rates).run(scenario);
    }
}
