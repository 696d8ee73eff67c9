package dev.parley.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receivers on the fallback transport (docs/protocol.md, "Fallback transport"): each one {@code GET /fallback/stream}
 * over a plain blocking HTTP/1.1 socket on its own thread, reading {@code text/event-stream} lines (chunked or not),
 * and one {@code POST /fallback/send} with its token to join. Every {@code message} event goes through the same
 * {@link LoopStats#message} checks as a WebSocket receiver's (seq gaps, duplicates, reorders, latency); the stats are
 * shared by the threads under their lock. A blank POST every 20 s keeps each connection heard (idle timeout 60 s).
 */
final class SseReceivers implements AutoCloseable {

    private static final byte[] MESSAGE = "{\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOINED = "{\"type\":\"joined\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "{\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT_T = "\"text\":\"t=".getBytes(StandardCharsets.US_ASCII);

    /** Guarded by itself. */
    final LoopStats stats;
    private final String host;
    private final int port;
    private final HttpClient http;
    private final List<Receiver> receivers = new ArrayList<>();
    private final AtomicInteger joined = new AtomicInteger();
    private final Thread keepAlive;
    private volatile boolean running = true;

    SseReceivers(String host, int port, Window window) {
        this.host = host;
        this.port = port;
        this.stats = new LoopStats(window);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.keepAlive = new Thread(this::keepAlive, "sse-keepalive");
        this.keepAlive.setDaemon(true);
        this.keepAlive.start();
    }

    /** Opens {@code count} receivers into {@code room} and waits (at most {@code timeoutSeconds}) until all joined. */
    int open(int count, String room, String namePrefix, double timeoutSeconds) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Receiver r = new Receiver(receivers.size(), room, namePrefix + (i % 16), latch);
            synchronized (receivers) {
                receivers.add(r);
            }
            r.thread.start();
            if (i % 50 == 49) {
                Thread.sleep(20); // a bounded pace, as for WebSocket clients
            }
        }
        if (!latch.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS)) {
            System.err.printf("only %d of %d SSE receivers joined in time%n", joined.get(), count);
        }
        return joined.get();
    }

    int joinedCount() {
        return joined.get();
    }

    long received() {
        synchronized (stats) {
            return stats.received;
        }
    }

    long windowDeliveries() {
        synchronized (stats) {
            return stats.windowDeliveries;
        }
    }

    /** Adds these receivers' figures to {@code into}; resets the per-step figures when asked. */
    void addTo(LoopStats into, boolean resetStep) {
        synchronized (stats) {
            into.add(stats);
            into.received += stats.received;
            if (resetStep) {
                stats.resetStep();
            }
        }
    }

    private void post(String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + host + ":" + port + "/fallback/send"))
                .timeout(Duration.ofSeconds(20)).header("Parley-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("POST /fallback/send: " + response.statusCode() + " " + response.body());
        }
    }

    private void keepAlive() {
        while (running) {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                return;
            }
            List<Receiver> copy;
            synchronized (receivers) {
                copy = new ArrayList<>(receivers);
            }
            for (Receiver r : copy) {
                if (running && r.token != null && !r.closed) {
                    try {
                        post(r.token, "\n");
                    } catch (IOException | InterruptedException e) {
                        failed(e);
                    }
                }
            }
        }
    }

    private void failed(Exception e) {
        synchronized (stats) {
            stats.ioErrors++;
            if (stats.firstIoError == null) {
                stats.firstIoError = e.toString();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        keepAlive.interrupt();
        synchronized (receivers) {
            receivers.forEach(Receiver::close);
        }
    }

    /** One SSE connection on its own thread. */
    private final class Receiver implements Runnable {
        final WsConn conn;
        final Thread thread;
        final CountDownLatch joinedLatch;
        volatile String token;
        volatile boolean closed;
        private Socket socket;
        private boolean counted;

        Receiver(int index, String room, String name, CountDownLatch joinedLatch) {
            this.conn = new WsConn(index, room, name, null, true, false, false);
            this.joinedLatch = joinedLatch;
            this.thread = new Thread(this, "sse-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (Socket s = new Socket()) {
                socket = s;
                s.setTcpNoDelay(true);
                s.bind(new InetSocketAddress("127.0.0." + (2 + conn.index % 8), 0));
                conn.connectStartNanos = System.nanoTime();
                s.connect(new InetSocketAddress(host, port), 5000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /fallback/stream HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAccept: text/event-stream\r\nOrigin: http://" + host + ":" + port + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
                String status = line(in);
                if (status == null || !status.startsWith("HTTP/1.1 200")) {
                    synchronized (stats) {
                        stats.handshakeFailure("SSE: " + status);
                    }
                    return;
                }
                boolean chunked = false;
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    if (h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:")
                            && h.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                        chunked = true;
                    }
                }
                if (chunked) {
                    in = new Chunked(in);
                }
                events(in);
            } catch (IOException | InterruptedException e) {
                if (!closed) {
                    failed(e);
                }
            } finally {
                closed = true;
                if (!counted) {
                    joinedLatch.countDown();
                    counted = true;
                }
            }
        }

        /** Reads events: {@code event:} names the next {@code data:}; a blank line ends an event. */
        private void events(InputStream in) throws IOException, InterruptedException {
            String event = null;
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            while (!closed) {
                line.reset();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    if (c != '\r') {
                        line.write(c);
                    }
                }
                if (c < 0) {
                    if (!closed) {
                        synchronized (stats) {
                            stats.ioErrors++;
                            if (stats.firstIoError == null) {
                                stats.firstIoError = "SSE stream ended";
                            }
                        }
                    }
                    return;
                }
                byte[] b = line.toByteArray();
                if (b.length == 0) {
                    event = null;
                } else if (startsWith(b, "event:")) {
                    event = new String(b, 6, b.length - 6, StandardCharsets.UTF_8).trim();
                } else if (startsWith(b, "data:")) {
                    int off = b.length > 5 && b[5] == ' ' ? 6 : 5;
                    if ("token".equals(event)) {
                        token = new String(b, off, b.length - off, StandardCharsets.UTF_8).trim();
                        post(token, "{\"type\":\"join\",\"room\":\"" + conn.room + "\",\"name\":\"" + conn.name
                                + "\"}\n");
                    } else if ("close".equals(event)) {
                        conn.closeCode = (int) IoLoop.longAfter(b, off, b.length,
                                "\"code\":".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        frame(b, off, b.length);
                    }
                } // comments (":") and other fields are ignored
            }
        }

        private void frame(byte[] b, int off, int end) {
            long now = System.nanoTime();
            synchronized (stats) {
                stats.textMessages++;
                stats.frames(1);
                if (IoLoop.startsWith(b, off, end, MESSAGE)) {
                    stats.message(conn, IoLoop.longAfter(b, off, end, SEQ), IoLoop.longAfter(b, off, end, TEXT_T),
                            now);
                } else if (IoLoop.startsWith(b, off, end, JOINED)) {
                    conn.lastSeq = IoLoop.longAfter(b, off, end, SEQ);
                    conn.joinedAtNanos = now;
                    stats.plainConnections++;
                } else if (IoLoop.startsWith(b, off, end, ERROR)) {
                    stats.error(new String(b, off, Math.min(end - off, 200), StandardCharsets.UTF_8));
                }
            }
            if (conn.joinedAtNanos != 0 && !counted) {
                counted = true;
                joined.incrementAndGet();
                joinedLatch.countDown();
            }
        }

        void close() {
            closed = true;
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static boolean startsWith(byte[] b, String prefix) {
        if (b.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** One header line (ASCII, CRLF stripped), or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return c < 0 && sb.length() == 0 ? null : sb.toString();
    }

    /** HTTP/1.1 chunked transfer coding, decoded. */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!fill()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        private boolean fill() throws IOException {
            while (left == 0 && !done) {
                String size = line(in);
                if (size == null) {
                    done = true;
                    break;
                }
                if (size.isEmpty()) {
                    continue; // the CRLF after a chunk's data
                }
                int semi = size.indexOf(';');
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (left == 0) {
                    done = true;
                }
            }
            return left > 0;
        }
    }
}
