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
 *     [--clients N]       storm: clients in the storm (default 2000, quick 1000)
 *     [--inflight N]      storm: connections opened but not yet joined at a time (default 1000)
 *     [--timeout S]       storm: seconds the clients may take to join (default max(180, N * 0.06))
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
        ServerProbe probe = new ServerProbe(Long.parseLong(o.get("pid")), o.getOrDefault("kind", "parley"), host,
                port);
        Results results = new Results(Path.of(o.getOrDefault("out", "bench/results/results.csv")),
                o.getOrDefault("server", probe.kind), Integer.parseInt(o.getOrDefault("run", "1")), scenario);
        Scenarios.Settings settings = Scenarios.Settings.of(host, port, o.containsKey("quick"),
                Integer.parseInt(o.getOrDefault("io", "1")), o.containsKey("batch"),
                Integer.parseInt(o.getOrDefault("clients", "0")), Integer.parseInt(o.getOrDefault("inflight", "1000")),
                Double.parseDouble(o.getOrDefault("timeout", "0")));
        new Scenarios(settings, probe, results).run(scenario);
    }
}
