package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent senders: every receiver sees one gapless order, the same at every receiver, whether it takes one frame per
 * message or offered parley.batch (every other member does).
 */
class OrderingIT {

    private static final int SENDERS = 3;
    private static final int RECEIVERS = 4;
    private static final int PER_SENDER = 150;

    @Test
    void concurrentSendersProduceOneGaplessOrderSeenIdenticallyByEveryMember() throws Exception {
        ParleyConfig unthrottled = ParleyConfig.load(Map.of(), Map.of(
                "parley.messagesPerSecond", "100000", "parley.messageBurst", "100000"));
        ExecutorService threads = Executors.newFixedThreadPool(SENDERS);
        List<WsClient> clients = new ArrayList<>();
        try (ParleyServer server = ParleyServer.start(unthrottled)) {
            for (int i = 0; i < SENDERS + RECEIVERS; i++) {
                clients.add(i % 2 == 0 ? WsClient.joined(server.chatUri(), "order", "member" + i)
                        : WsClient.joinedBatched(server.chatUri(), "order", "member" + i));
            }
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                WsClient sender = clients.get(s);
                String name = "member" + s;
                sending.add(threads.submit(() -> {
                    for (int n = 0; n < PER_SENDER; n++) {
                        sender.send("{\"type\":\"message\",\"room\":\"order\",\"text\":\"" + name + ":" + n + "\"}");
                    }
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get();
            }

            int total = SENDERS * PER_SENDER;
            OneOrder order = new OneOrder();
            for (WsClient client : clients) {
                List<JsonObject> messages = new ArrayList<>();
                while (messages.size() < total) {
                    messages.add(client.await(f -> f.getString("type").equals("message")));
                }
                assertPerSenderOrder(order.see(messages));
            }
        } finally {
            threads.shutdownNow();
            for (WsClient client : clients) {
                client.close();
            }
        }
    }

    /** Each sender's own messages keep the order it sent them in. */
    private static void assertPerSenderOrder(List<String> texts) {
        int[] next = new int[SENDERS];
        for (String text : texts) {
            int sender = Integer.parseInt(text.substring("member".length(), text.indexOf(':')));
            int n = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            assertEquals(next[sender]++, n, "sender " + sender + " out of order");
        }
    }
}
