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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * target/parley.war on Payara Micro (target/payara-micro.jar) as a child process on one port: started, stopped with
 * SIGTERM as an operator would, killed with SIGKILL as a power loss would, started again on the same port, frozen with
 * SIGSTOP and thawed with SIGCONT. Parley's settings go in as environment variables ({@code PARLEY_...}), which the
 * child adds to the ones it inherits. Each start logs to its own file in the log directory.
 */
public final class PayaraMicro implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Path jar;
    private final Path war;
    private final int port;
    private final Path logs;
    private final String name;
    private final Map<String, String> environment;
    private Process process;
    private Path log;
    private int starts;
    private boolean frozen;

    public PayaraMicro(Path jar, Path war, int port, Path logs) {
        this(jar, war, port, logs, "payara", Map.of());
    }

    /**
     * @param name        names the log files ({@code name-1.log}, {@code name-2.log} after a restart)
     * @param environment added to the child's environment, e.g. {@code PARLEY_REDIS_URI}
     */
    public PayaraMicro(Path jar, Path war, int port, Path logs, String name, Map<String, String> environment) {
        this.jar = jar;
        this.war = war;
        this.port = port;
        this.logs = logs;
        this.name = name;
        this.environment = Map.copyOf(environment);
    }

    public int port() {
        return port;
    }

    public URI page() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /**
     * Starts the server and returns once the page answers 200. A start that fails (seen on a machine busy with other
     * servers: "Server failed to start", the JVM staying up) is given up and tried once more.
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Payara Micro is already running (pid " + process.pid() + ")");
        }
        try {
            launch();
        } catch (StartFailed first) {
            System.err.println(first.getMessage() + "\nTrying once more.");
            launch();
        }
    }

    private void launch() throws IOException, InterruptedException {
        starts++;
        log = logs.resolve(name + "-" + starts + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial GC: a test server handles a few messages, and on a busy 2-core machine this halves
        // the start (seen: 20-40 s instead of 80 s at load 20). No phone-home call into a closed network.
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString(),
                "--deploy", war.toString(), "--contextroot", "/", "--port", String.valueOf(port),
                "--nocluster", "--disablephonehome")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        frozen = false;
        awaitPage();
    }

    private void awaitPage() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest get = HttpRequest.newBuilder(page()).timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartFailed("Payara Micro exited with " + process.exitValue() + " before serving the page");
            }
            if (logSays("Server failed to start")) {
                process.destroyForcibly().waitFor();
                throw new StartFailed("Payara Micro failed to start");
            }
            try {
                if (HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // refused, reset or timed out while the server starts
            }
            process.waitFor(250, TimeUnit.MILLISECONDS); // a poll interval that also notices an early exit
        }
        process.destroyForcibly().waitFor();
        throw new StartFailed("Payara Micro did not serve " + page() + " within " + START_TIMEOUT);
    }

    /** A start that did not get as far as serving the page; the message carries the log's telling lines. */
    private final class StartFailed extends IllegalStateException {
        StartFailed(String what) {
            super(what + "; its log: " + log + "\n" + tellingLines());
        }
    }

    /** SIGTERM, then waits for the process to exit (the server's shutdown hooks close the sessions). */
    public synchronized void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (frozen) {
            thaw(); // a stopped process cannot handle SIGTERM
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("Payara Micro ignored SIGTERM for " + STOP_TIMEOUT + "; killed it");
        }
    }

    /** SIGKILL, then waits for the process to be gone: no shutdown hook runs, nothing is cleaned up. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
        frozen = false;
    }

    /** SIGSTOP: the process keeps its sockets open but answers nothing, like a hung server or a dead link. */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() throws InterruptedException {
        try {
            signal("CONT");
        } catch (IOException e) {
            throw new IllegalStateException("could not thaw Payara Micro", e);
        }
        frozen = false;
    }

    /** Brings the server back after a test that stopped or froze it and failed before restoring it. */
    public synchronized void ensureServing() throws IOException, InterruptedException {
        if (frozen) {
            thaw();
        }
        if (process == null || !process.isAlive()) {
            start();
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    private boolean logSays(String text) {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The causes and errors in the current log, then its last lines: enough to see why a start failed. */
    private String tellingLines() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            List<String> causes = lines.stream()
                    .filter(line -> line.contains("Caused by") || line.contains("SEVERE") || line.contains("in use"))
                    .limit(20)
                    .toList();
            return String.join("\n", causes) + "\n...\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        stop();
    }
}
