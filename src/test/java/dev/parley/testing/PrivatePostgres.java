package dev.parley.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own (initdb and pg_ctl on a free port, trust authentication, in a temporary
 * directory), for faults a test may cause: freezing it with SIGSTOP, stopping it. Never the machine's server. As
 * root (initdb refuses to run as root) the commands run as the {@code postgres} user. The binaries are found in
 * {@code PARLEY_PG_BIN}, else {@code /usr/lib/postgresql/15/bin}.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path directory;
    private final Path bin;
    private final int port;
    private boolean frozen;

    private PrivatePostgres(Path directory, Path bin, int port) {
        this.directory = directory;
        this.bin = bin;
        this.port = port;
    }

    public static PrivatePostgres start() throws IOException, InterruptedException {
        Path bin = Path.of(System.getenv().getOrDefault("PARLEY_PG_BIN", "/usr/lib/postgresql/15/bin"));
        Path directory = Files.createTempDirectory("parley-pg");
        PrivatePostgres postgres = new PrivatePostgres(directory, bin, FreePort.pick());
        if (isRoot()) {
            run(List.of("chown", "postgres", directory.toString()));
        }
        postgres.asOwner("initdb", "-D", postgres.data(), "-A", "trust", "-U", "postgres");
        postgres.pgCtl("start");
        return postgres;
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** SIGSTOP to the server and all its processes: connections stay open and nothing answers. */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    public synchronized void thaw() throws IOException, InterruptedException {
        signal("CONT");
        frozen = false;
    }

    /** Stops the server (fast shutdown: connections are cut) and starts it again. */
    public synchronized void stop() throws IOException, InterruptedException {
        pgCtl("stop");
    }

    public synchronized void startAgain() throws IOException, InterruptedException {
        pgCtl("start");
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        try {
            if (frozen) {
                thaw();
            }
            asOwner("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        } finally {
            TemporaryFiles.delete(directory);
        }
    }

    private void pgCtl(String action) throws IOException, InterruptedException {
        if (action.equals("start")) {
            asOwner("pg_ctl", "-D", data(), "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1",
                    "-l", directory.resolve("log").toString(), "-w", "start");
        } else {
            asOwner("pg_ctl", "-D", data(), "-m", "fast", "-w", "stop");
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(directory.resolve("data").resolve("postmaster.pid"))
                .get(0).trim());
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(process -> process.descendants()
                .forEach(child -> command.add(String.valueOf(child.pid()))));
        run(command);
    }

    private String data() {
        return directory.resolve("data").toString();
    }

    private void asOwner(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(arguments));
        run(command);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output));
        }
    }
}
