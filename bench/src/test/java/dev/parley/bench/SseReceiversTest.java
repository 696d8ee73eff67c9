package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class SseReceiversTest {

    @Test
    void chunkedCodingIsDecoded() throws IOException {
        byte[] wire = "5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        SseReceivers.Chunked in = new SseReceivers.Chunked(new ByteArrayInputStream(wire));
        assertEquals("helloabc", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }

    /** A fake fallback endpoint: token, welcome, joined after the POSTed join, then seq 3, 4, 4 (duplicate), 6 (gap). */
    @Test
    void receiverJoinsOverPostAndChecksSeqs() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        BlockingQueue<String> posted = new ArrayBlockingQueue<>(10);
        BlockingQueue<String> tokens = new ArrayBlockingQueue<>(10);
        server.createContext("/fallback/send", exchange -> {
            tokens.add(exchange.getRequestHeaders().getFirst("Parley-Token"));
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"frames\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/fallback/stream", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            OutputStream out = exchange.getResponseBody();
            write(out, "event: token\ndata: tok-1\n\ndata: {\"type\":\"welcome\",\"session\":\"s\"}\n\n");
            try {
                String join = posted.poll(5, TimeUnit.SECONDS);
                if (join != null && join.contains("\"type\":\"join\"")) {
                    write(out, "data: {\"type\":\"joined\",\"room\":\"r\",\"seq\":2,\"members\":[\"f0\"]}\r\n\r\n"
                            + ": heartbeat\n\n");
                    long t = System.nanoTime();
                    for (int seq : new int[]{3, 4, 4, 6}) {
                        write(out, "data: {\"type\":\"message\",\"room\":\"r\",\"seq\":" + seq
                                + ",\"text\":\"t=" + t + ";k=1\"}\n\n");
                    }
                }
                LockSupport.parkNanos(2_000_000_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        server.setExecutor(pool); // the stream's handler blocks while the POST is handled
        server.start();
        try (SseReceivers receivers = new SseReceivers("127.0.0.1", server.getAddress().getPort(), new Window())) {
            assertEquals(1, receivers.open(1, "r", "f", 10));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (receivers.received() < 4 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            LoopStats s = new LoopStats(null);
            receivers.addTo(s, false);
            assertEquals(4, receivers.received());
            assertEquals(1, s.duplicates);
            assertEquals(1, s.gaps);
            assertEquals(0, s.reorders);
            assertEquals("tok-1", tokens.peek());
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
