package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The load generator's client against a scripted server on 127.0.0.1: a batched message is counted frame by frame
 * (joined, presence, messages with their seq check), and a server that does not select the subprotocol gets the
 * one-frame-per-message client of old.
 */
class BatchedClientTest {

    private static final String WELCOME = "{\"type\":\"welcome\",\"session\":\"s\"}";
    private static final String JOINED = "{\"type\":\"joined\",\"room\":\"r\",\"user\":\"u\",\"members\":[\"a\",\"u\"],"
            + "\"seq\":0,\"history\":[]}";
    private static final String PRESENCE = "{\"type\":\"presence\",\"room\":\"r\",\"event\":\"join\",\"user\":\"b\","
            + "\"members\":3}";
    private static final String MESSAGE_1 = "{\"type\":\"message\",\"room\":\"r\",\"seq\":1,\"user\":\"a\",\"text\":\"t=1;k=0\"}";
    private static final String MESSAGE_2 = "{\"type\":\"message\",\"room\":\"r\",\"seq\":2,\"user\":\"a\",\"text\":\"t=1;k=1\"}";

    @Test
    void aSelectedBatchIsSplitIntoItsFrames() throws Exception {
        Result r = run(true, true, List.of(WELCOME + "\n" + JOINED + "\n" + PRESENCE + "\n" + MESSAGE_1 + "\n"
                + MESSAGE_2));
        assertTrue(r.request.contains("Sec-WebSocket-Protocol: parley.batch\r\n"), r.request);
        assertEquals(1, r.stats.batchedConnections);
        assertEquals(1, r.stats.textMessages);
        assertEquals(5, r.stats.frames);
        assertEquals(2, r.received);
        assertEquals(0, r.stats.gaps + r.stats.duplicates + r.stats.reorders);
        assertEquals(2, r.conn.joinedMembers);
        assertEquals(1, r.conn.presenceJoinsAfterJoined);
        assertEquals(0, r.conn.presenceBeforeJoined);
    }

    @Test
    void withoutTheSubprotocolEachMessageIsOneFrame() throws Exception {
        Result r = run(true, false, List.of(WELCOME, JOINED, PRESENCE, MESSAGE_1, MESSAGE_2));
        assertEquals(0, r.stats.batchedConnections);
        assertEquals(1, r.stats.plainConnections);
        assertEquals(5, r.stats.textMessages);
        assertEquals(5, r.stats.frames);
        assertEquals(2, r.received);
        assertEquals(0, r.stats.gaps + r.stats.duplicates + r.stats.reorders);
        assertEquals(1, r.conn.presenceJoinsAfterJoined);
    }

    @Test
    void aPlainClientOffersNothing() throws Exception {
        Result r = run(false, false, List.of(WELCOME, JOINED));
        assertTrue(!r.request.toLowerCase().contains("sec-websocket-protocol"), r.request);
        assertEquals(1, r.stats.plainConnections);
        assertEquals(2, r.stats.frames);
    }

    private record Result(String request, LoopStats stats, long received, WsConn conn) {
    }

    private static Result run(boolean offer, boolean select, List<String> messages) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<String> request = new CompletableFuture<>();
            CountDownLatch counted = new CountDownLatch(1);
            CompletableFuture<Void> served = CompletableFuture.runAsync(
                    () -> serve(server, select, messages, request, counted));
            try (Clients clients = new Clients("127.0.0.1", server.getLocalPort(), 1, offer)) {
                List<WsConn> conns = clients.open(1, i -> "r", i -> "u", false, false, 10);
                String head = request.get(10, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (clients.frames() < messages.stream().mapToLong(m -> m.split("\n").length).sum()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10); // polls the condition until the deadline
                }
                return new Result(head, clients.snapshot(false), clients.received(), conns.get(0));
            } finally {
                counted.countDown();
                served.get(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Accepts one connection, answers its upgrade (completing {@code request} with its head) and sends
     * {@code messages} as unmasked text frames; keeps the socket open until the test has counted what arrived.
     */
    private static void serve(ServerSocket server, boolean select, List<String> messages,
                              CompletableFuture<String> request, CountDownLatch counted) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            request.complete(head.toString(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: x\r\n" + (select ? "Sec-WebSocket-Protocol: parley.batch\r\n" : "")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String m : messages) {
                byte[] payload = m.getBytes(StandardCharsets.UTF_8);
                out.write(0x81);
                if (payload.length < 126) {
                    out.write(payload.length);
                } else {
                    out.write(126);
                    out.write(payload.length >>> 8);
                    out.write(payload.length & 0xff);
                }
                out.write(payload);
            }
            out.flush();
            if (!counted.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never finished counting");
            }
        } catch (IOException | InterruptedException e) {
            request.completeExceptionally(e);
            throw new IllegalStateException(e);
        }
    }
}
