package dev.parley.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private {@code redis-server} on a free port, started by a test and stopped by it: never the machine's own Redis.
 * It keeps nothing on disk, and allows DEBUG for fault tests. Faults: {@link #freeze()} / {@link #thaw()} (SIGSTOP /
 * SIGCONT, no TCP reset), {@link #kill()} and {@link #start()} again on the same port (its data is gone).
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    public static RedisServer start() throws IOException {
        RedisServer server = new RedisServer(FreePort.pick(), Files.createTempFile("redis-", ".log"));
        server.startProcess();
        return server;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Runs a command and answers the first reply line, e.g. {@code +OK}. */
    public String command(String... words) throws IOException {
        return exchange(words, in -> line(in));
    }

    /** Runs a command that answers one bulk string, e.g. {@code HGET}, and answers it (null for a nil reply). */
    public String value(String... words) throws IOException {
        return exchange(words, in -> {
            String length = line(in);
            if (!length.startsWith("$")) {
                throw new IOException(String.join(" ", words) + " answered " + length);
            }
            if (length.equals("$-1")) {
                return null;
            }
            in.read(); // the '\n' after the length line
            return new String(in.readNBytes(Integer.parseInt(length.substring(1))), StandardCharsets.UTF_8);
        });
    }

    private interface Reply {
        String read(InputStream in) throws IOException;
    }

    private String exchange(String[] words, Reply reply) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
            for (String word : words) {
                request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(word).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply.read(socket.getInputStream());
        }
    }

    /** The reply's first line, without its "\r". */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\r'; ) {
            line.append((char) c);
        }
        return line.toString();
    }

    public void flushAll() throws IOException {
        String reply = command("FLUSHALL");
        if (!reply.equals("+OK")) {
            throw new IOException("FLUSHALL answered " + reply);
        }
    }

    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Kills it without a chance to answer anyone (kill -9). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Starts it again on the same port, empty. */
    public void restart() throws IOException {
        startProcess();
    }

    /** Stops it; a frozen one is thawed first, or it would never act on the stop. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            try {
                thaw();
            } catch (IOException e) {
                process.destroyForcibly();
            }
            process.destroy();
            process.waitFor();
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--enable-debug-command", "local"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if (command("PING").equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server on port " + port + " did not start: "
                            + Files.readString(log), notYet);
                }
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public String toString() {
        return "redis-server on port " + port + " (log " + new File(log.toString()).getName() + ")";
    }
}
