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
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * target/parley.war on an application server as a child process on one port: started, stopped with SIGTERM as an
 * operator would, killed with SIGKILL as a power loss would, started again on the same port, frozen with SIGSTOP and
 * thawed with SIGCONT. Parley's settings go in as environment variables ({@code PARLEY_...}), which the child adds to
 * the ones it inherits. Each start logs the server's console to its own file in the log directory.
 * <p>
 * What differs between servers is how one is laid out and launched ({@link #launcher()}), what its log says when a
 * start fails ({@link #failureMarkers()}), and which process is the server's JVM ({@link #jvm()}): the signals go to
 * that one, also when a launch script stands between it and the test.
 */
public abstract class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String server;
    private final int port;
    private final Path logs;
    private final String name;
    private final Map<String, String> environment;
    private Process process;
    private Path log;
    private int starts;
    private boolean frozen;
    private boolean homeEmptied;
    private ProcessHandle child;
    private Process childOf;

    /**
     * @param server      the server's name in messages ("WildFly")
     * @param name        names the log files ({@code name-1.log}, {@code name-2.log} after a restart)
     * @param environment added to the child's environment, e.g. {@code PARLEY_REDIS_URI}
     */
    protected ServerProcess(String server, int port, Path logs, String name, Map<String, String> environment) {
        this.server = server;
        this.port = port;
        this.logs = logs;
        this.name = name;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The command that runs the server in the foreground with the WAR deployed at {@code /} on {@link #port()},
     * preparing whatever files it needs on the first call. Output and environment are set by the caller.
     */
    protected abstract ProcessBuilder launcher() throws IOException;

    /** Lines in the console log that mean the start has failed although the process may stay up. */
    protected abstract List<String> failureMarkers();

    /** The server's JVM: the launched process unless a script launched it. */
    protected ProcessHandle jvm() {
        return process.toHandle();
    }

    /** The launched process, for {@link #jvm()}. */
    protected final Process process() {
        return process;
    }

    /**
     * For {@link #jvm()} when a launcher starts the JVM as its child: the launched process's descendant whose
     * command-line arguments {@code isJvm} recognizes, or the launched process itself until that child exists.
     */
    protected final ProcessHandle descendant(Predicate<List<String>> isJvm) {
        if (childOf != process || child == null) {
            Optional<ProcessHandle> found = process.descendants()
                    .filter(handle -> handle.info().arguments().map(List::of).map(isJvm::test).orElse(false))
                    .findFirst();
            if (found.isEmpty()) {
                return process.toHandle(); // not started yet: the launcher is all there is to signal
            }
            child = found.get();
            childOf = process;
        }
        return child;
    }

    /**
     * This server's own directory for its files (configuration, deployments, work areas), in the log directory: emptied
     * on the first call, so that nothing an earlier run left (a deployment marker, a work area) plays a part, and kept
     * across restarts of this server, as a real one's would be.
     */
    protected final Path home() throws IOException {
        Path home = logs.resolve(name).toAbsolutePath();
        if (!homeEmptied) {
            TemporaryFiles.delete(home);
            homeEmptied = true;
        }
        return Files.createDirectories(home);
    }

    public int port() {
        return port;
    }

    public URI page() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The console log of the current (or last) start, or null before the first. */
    public synchronized Path log() {
        return log;
    }

    /**
     * Starts the server and returns once the page answers 200. A start that fails (seen on a machine busy with other
     * servers: "Server failed to start", the JVM staying up) is given up and tried once more.
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(server + " is already running (pid " + process.pid() + ")");
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
        ProcessBuilder builder = launcher()
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Its own archive, kept across restarts of this server like the rest of its home, unless the test names one.
        builder.environment().put("PARLEY_DATA_DIR", home().resolve("archive").toString());
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
                throw new StartFailed(server + " exited with " + process.exitValue() + " before serving the page");
            }
            String failure = failureInLog();
            if (failure != null) {
                destroyForcibly();
                throw new StartFailed(server + " failed to start (its log: \"" + failure + "\")");
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
        destroyForcibly();
        throw new StartFailed(server + " did not serve " + page() + " within " + START_TIMEOUT);
    }

    /** A start that did not get as far as serving the page; the message carries the log's telling lines. */
    private final class StartFailed extends IllegalStateException {
        StartFailed(String what) {
            super(what + "; its log: " + log + "\n" + tellingLines());
        }
    }

    /** SIGTERM to the server's JVM, then waits for the process to exit (the server's shutdown closes the sessions). */
    public synchronized void stop() throws InterruptedException {
        if (!running()) {
            return;
        }
        if (frozen) {
            thaw(); // a stopped process cannot handle SIGTERM
        }
        ProcessHandle jvm = jvm();
        jvm.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !waitFor(jvm)) {
            destroyForcibly();
            throw new IllegalStateException(server + " ignored SIGTERM for " + STOP_TIMEOUT + "; killed it");
        }
    }

    private static boolean waitFor(ProcessHandle jvm) throws InterruptedException {
        try {
            jvm.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, then waits for the process to be gone: no shutdown hook runs, nothing is cleaned up. */
    public synchronized void kill() throws InterruptedException {
        if (running()) {
            destroyForcibly();
        }
        frozen = false;
    }

    /** The launched process or the server's JVM is alive (a launch script may have ended before its JVM). */
    private boolean running() {
        return process != null && (process.isAlive() || jvm().isAlive());
    }

    private void destroyForcibly() throws InterruptedException {
        ProcessHandle jvm = jvm();
        jvm.destroyForcibly();
        process.destroyForcibly();
        jvm.onExit().join();
        process.waitFor();
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
            throw new IllegalStateException("could not thaw " + server, e);
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

    private void signal(String signal) throws IOException, InterruptedException {
        long pid = jvm().pid();
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** What the server has logged to its console since its latest start. */
    public synchronized String logText() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    private String failureInLog() {
        String text;
        try {
            text = Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
        return failureMarkers().stream().filter(text::contains).findFirst().orElse(null);
    }

    /** The causes and errors in the current log, then its last lines: enough to see why a start failed. */
    private String tellingLines() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            List<String> causes = lines.stream()
                    .filter(line -> line.contains("Caused by") || line.contains("SEVERE") || line.contains("ERROR")
                            || line.contains("in use"))
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

    @Override
    public String toString() {
        return server + " " + name + " on port " + port + (log == null ? "" : " (log " + log + ")");
    }
}
