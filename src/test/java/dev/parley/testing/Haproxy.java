package dev.parley.testing;

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
import java.util.concurrent.TimeUnit;

/**
 * haproxy (Debian's) in front of some Parley nodes, as a child process on a free port: a plain load balancer, as
 * examples/cluster/haproxy.cfg is. {@code mode http} with {@code balance roundrobin}, no cookie and no stick table, so
 * consecutive connections alternate between the nodes and a client never comes back to "its" node on purpose;
 * {@code timeout tunnel} keeps WebSocket connections open; health checks on {@code /health} take a dead node out, and
 * {@code option redispatch} sends a connection refused by one node to another.
 */
public final class Haproxy implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final int port;
    private final Path config;
    private final Path log;
    private final Process process;

    private Haproxy(int port, Path config, Path log, Process process) {
        this.port = port;
        this.config = config;
        this.log = log;
        this.process = process;
    }

    /** Starts haproxy in front of the given node ports and returns once a request through it is answered by a node. */
    public static Haproxy start(List<Integer> nodePorts, Path logs) throws IOException, InterruptedException {
        int port = FreePort.pick();
        Path config = Files.createTempFile("haproxy-", ".cfg");
        Files.writeString(config, config(port, nodePorts));
        Path log = logs.resolve("haproxy.log");
        Process process;
        try {
            // -db: stay in the foreground (a child process that the test can stop), logging to stderr.
            process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run haproxy (Debian: apt-get install haproxy; .ci/run installs it)", e);
        }
        Haproxy haproxy = new Haproxy(port, config, log, process);
        try {
            haproxy.awaitServing();
        } catch (IOException | InterruptedException | RuntimeException e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    /** The configuration: what an operator would write, with timeouts and checks short enough for a test. */
    static String config(int port, List<Integer> nodePorts) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodePorts.size(); i++) {
            servers.append("    server node").append(i + 1).append(" 127.0.0.1:").append(nodePorts.get(i))
                    .append(" check inter 500ms fall 2 rise 2\n");
        }
        return """
                global
                    maxconn 1000

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout tunnel 1h
                    option redispatch
                    retries 3

                frontend chat
                    bind 127.0.0.1:%d
                    default_backend parley

                backend parley
                    balance roundrobin
                    option httpchk GET /health
                    # Checks every 500 ms, but a busy node may take longer than that to answer.
                    timeout check 3s
                %s""".formatted(port, servers);
    }

    /**
     * Whether haproxy sends new connections to the server ({@code node1}...): it has not marked it DOWN, or marked it
     * UP again since (read from its log).
     */
    public boolean isUp(String server) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        boolean up = true;
        for (String line : lines) {
            if (line.contains("Server parley/" + server + " is DOWN")) {
                up = false;
            } else if (line.contains("Server parley/" + server + " is UP")) {
                up = true;
            }
        }
        return up;
    }

    public int port() {
        return port;
    }

    public URI page() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public URI chat() {
        return URI.create("ws://127.0.0.1:" + port + "/chat");
    }

    private void awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest get = HttpRequest.newBuilder(page().resolve("health")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited with " + process.exitValue() + ": " + logText());
            }
            try {
                if (HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            process.waitFor(100, TimeUnit.MILLISECONDS); // a poll interval that also notices an early exit
        }
        throw new IOException("haproxy did not pass a request to a node within " + START_TIMEOUT + ": " + logText());
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Files.deleteIfExists(config);
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "haproxy on port " + port + " (log " + log + ")";
    }
}
