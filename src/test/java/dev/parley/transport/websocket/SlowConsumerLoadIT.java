package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.FrameClient;
import dev.parley.testing.RawWebSocket;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/**
 * One client that never reads, in a room where 100 others receive 10,000 messages: it is cut off, everyone else gets
 * every message in order, and the heap comes back near where it started. Prints the heap figures.
 */
class SlowConsumerLoadIT {

    private static final int RECEIVERS = 100;
    private static final int MESSAGES = 10_000;
    /** Large enough that an unbounded outbox for the stalled client would hold over 20 MB (10,000 x 1 KB as UTF-16). */
    private static final String TEXT = "x".repeat(1000);
    /** How far the sender may run ahead of the slowest receiver: keeps their outboxes far from full. */
    private static final int WINDOW = 200;

    @Test
    void theStalledClientIsCutOffAndTheHeapStaysBounded() throws Exception {
        ParleyConfig config = ParleyConfig.load(Map.of(), Map.of("parley.messagesPerSecond", "1000000",
                "parley.framesPerSecond", "1000000"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ClientManager manager = ClientManager.createClient();
        List<Session> sessions = new ArrayList<>();
        try (ParleyServer server = ParleyServer.start(config)) {
            List<SeqChecker> receivers = new ArrayList<>();
            for (int i = 0; i < RECEIVERS; i++) {
                SeqChecker receiver = new SeqChecker();
                sessions.add(connect(manager, server.chatUri(), receiver));
                receiver.join(sessions.get(i), "r" + i);
                receivers.add(receiver);
            }
            for (SeqChecker receiver : receivers) {
                receiver.awaitJoined();
            }
            // The first receiver also sends: a FrameClient would keep all 10,000 frames it receives.
            SeqChecker sender = receivers.get(0);
            Session senderSession = sessions.get(0);
            try (RawWebSocket stalled = RawWebSocket.connect(server.chatUri())) {
                stalled.sendText("{\"type\":\"join\",\"room\":\"load\",\"name\":\"stalled\"}");
                sender.stalledJoined.await(FrameClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long baseline = usedHeapAfterGc(memory);

                for (int n = 1; n <= MESSAGES; n++) {
                    senderSession.getBasicRemote().sendText(
                            "{\"type\":\"message\",\"room\":\"load\",\"text\":\"" + TEXT + "\"}");
                    if (n % 50 == 0) {
                        awaitAll(receivers, n - WINDOW);
                    }
                }
                awaitAll(receivers, MESSAGES);
                assertTrue(sender.stalledLeft.await(FrameClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                        "the stalled client was never cut off");
                long after = usedHeapAfterGc(memory);

                for (SeqChecker receiver : receivers) {
                    assertEquals(MESSAGES, receiver.received.get(), "every message reached every receiver");
                    assertEquals(0, receiver.outOfOrder.get(), "no gap, duplicate or reordering");
                }
                assertEquals(1013, stalled.awaitClose(FrameClient.TIMEOUT), "what was queued, then the close");
                long grownMb = (after - baseline) >> 20;
                System.out.printf("SlowConsumerLoadIT: heap after GC %d MB before traffic, %d MB after %d messages"
                        + " to %d receivers with one stalled client cut off (%+d MB)%n",
                        baseline >> 20, after >> 20, MESSAGES, RECEIVERS, grownMb);
                assertTrue(grownMb < 16, "the heap grew by " + grownMb + " MB");
            }
        } finally {
            for (Session session : sessions) {
                if (session.isOpen()) {
                    session.close();
                }
            }
        }
    }

    private static Session connect(ClientManager manager, URI uri, SeqChecker receiver) throws Exception {
        return manager.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(1 << 20);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) receiver::onText);
            }
        }, ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Origin", List.of("http://" + uri.getHost() + ":" + uri.getPort()));
            }
        }).build(), uri);
    }

    private static void awaitAll(List<SeqChecker> receivers, long count) throws InterruptedException {
        long deadline = System.nanoTime() + FrameClient.TIMEOUT.toNanos() * 3;
        for (SeqChecker receiver : receivers) {
            while (receiver.received.get() < count) {
                assertTrue(System.nanoTime() < deadline, "receivers stopped at " + receiver.received.get());
                synchronized (receiver) {
                    receiver.wait(10);
                }
            }
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Counts message frames and checks their seqs without keeping them: 1,000,000 frames would not fit a queue. */
    private static final class SeqChecker {
        final AtomicLong received = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final CountDownLatch joined = new CountDownLatch(1);
        final CountDownLatch stalledJoined = new CountDownLatch(1);
        final CountDownLatch stalledLeft = new CountDownLatch(1);

        void join(Session session, String name) throws Exception {
            session.getBasicRemote().sendText("{\"type\":\"join\",\"room\":\"load\",\"name\":\"" + name + "\"}");
        }

        void awaitJoined() throws InterruptedException {
            assertTrue(joined.await(FrameClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "no joined frame");
        }

        void onText(String text) {
            if (text.startsWith("{\"type\":\"joined\"")) {
                joined.countDown();
            } else if (text.startsWith("{\"type\":\"presence\"") && text.contains("\"user\":\"stalled\"")) {
                (text.contains("\"event\":\"join\"") ? stalledJoined : stalledLeft).countDown();
            } else if (text.startsWith("{\"type\":\"message\"")) {
                int at = text.indexOf("\"seq\":") + 6;
                long seq = Long.parseLong(text.substring(at, text.indexOf(',', at)));
                if (seq != received.incrementAndGet()) {
                    outOfOrder.incrementAndGet();
                }
                if (seq % 50 == 0) {
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }
        }
    }
}
