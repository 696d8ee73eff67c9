package dev.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server process from outside: CPU seconds (utime + stime from /proc/PID/stat), RSS (VmRSS), and the heap
 * that is live after a full GC: {@code jcmd PID GC.class_histogram} (which collects first) for a JVM, the baseline's
 * {@code /stats} route (global.gc(), then process.memoryUsage()) for Node.
 */
final class ServerProbe {

    private static final double CLOCK_TICKS = 100.0; // getconf CLK_TCK on Linux/x86-64
    /** The server JDK's jcmd (bench/run passes it when the server runs on another JDK, --java-home). */
    private static final String JCMD = System.getProperty("bench.jcmd", "jcmd");

    final long pid;
    /**
     * Every process that makes up the server side, {@link #pid} first: one server, or a cluster's nodes and its Redis.
     * CPU seconds and RSS are summed over all of them.
     */
    final long[] pids;
    /** The last class histogram read from a JVM server (empty for Node). */
    String lastHistogram = "";
    final String kind;
    private final String host;
    private final int port;

    ServerProbe(long pid, String kind, String host, int port) {
        this(new long[]{pid}, kind, host, port);
    }

    ServerProbe(long[] pids, String kind, String host, int port) {
        this.pids = pids;
        this.pid = pids[0];
        this.kind = kind;
        this.host = host;
        this.port = port;
    }

    /** CPU seconds of every server-side process together. */
    double cpuSeconds() {
        double sum = 0;
        for (long p : pids) {
            sum += cpuSecondsOf(p);
        }
        return sum;
    }

    /** CPU seconds of each server-side process, in the order of {@link #pids}. */
    double[] cpuSecondsEach() {
        double[] each = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            each[i] = cpuSecondsOf(pids[i]);
        }
        return each;
    }

    static double cpuSecondsOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime 14, stime 15 (1-based over the whole line)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident memory of every server-side process together, or -1 when unknown. */
    long rssBytes() {
        long sum = 0;
        for (long p : pids) {
            long one = rssBytesOf(p);
            if (one < 0) {
                return -1;
            }
            sum += one;
        }
        return sum;
    }

    static long rssBytesOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // reported as unknown
        }
        return -1;
    }

    /** Bytes live on the heap after a full collection, or -1 when unknown. */
    long heapAfterGcBytes() {
        try {
            if (kind.equals("node")) {
                String json = http("/stats");
                return jsonLong(json, "heapUsed");
            }
            Process jcmd = new ProcessBuilder(JCMD, Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            lastHistogram = text;
            List<String> lines = text.lines().toList();
            jcmd.waitFor();
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).trim();
                if (line.startsWith("Total")) {
                    String[] parts = line.split("\\s+");
                    return Long.parseLong(parts[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("heap probe failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /**
     * Open WebSocket connections as the server counts them: Parley's {@code parley_connections} gauge in
     * {@code /metrics}, the baseline's {@code /stats?nogc=1}; -1 when the server does not say.
     */
    long connections() {
        try {
            if (kind.equals("node")) {
                return jsonLong(http("/stats?nogc=1"), "connections");
            }
            for (String line : http("/metrics").lines().toList()) {
                if (line.startsWith("parley_connections ") || line.startsWith("parley_connections{")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    private String http(String path) throws IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static long jsonLong(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
