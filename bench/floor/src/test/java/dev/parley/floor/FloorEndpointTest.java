package dev.parley.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.DeploymentException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The floor on an in-JVM Tyrus server, deployed through {@link FloorApplication} as a server deploys the WAR, and
 * talked to by the JDK's WebSocket client: the frames the load generator reads, in the order it checks.
 */
class FloorEndpointTest {

    private Server server;
    private URI chat;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        // Tyrus reads port 0 as its default 8025: try ports below the ephemeral range until one binds.
        for (int attempt = 1; ; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            server = new Server("127.0.0.1", port, "/", Map.of(), FloorApplication.class);
            try {
                server.start();
                chat = URI.create("ws://127.0.0.1:" + port + "/chat");
                return;
            } catch (DeploymentException e) {
                if (attempt == 20 || !(e.getCause() instanceof BindException)) {
                    throw e;
                }
            }
        }
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void membersGetTheAckThenEveryMessageInSeqOrderAfterTheSeqOfTheirJoined() throws Exception {
        Client alice = connect();
        Client bob = connect();
        assertTrue(alice.next().startsWith("{\"type\":\"welcome\",\"session\":"));
        bob.next();
        alice.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"alice\"}");
        assertEquals("{\"type\":\"joined\",\"room\":\"lobby\",\"user\":\"alice\",\"seq\":0}", alice.next());
        alice.send("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"t=1;k=0\",\"id\":\"a\"}");
        assertTrue(alice.next().startsWith("{\"type\":\"ack\",\"id\":\"a\",\"room\":\"lobby\",\"seq\":1,\"ts\":"));
        assertTrue(alice.next().startsWith(
                "{\"type\":\"message\",\"room\":\"lobby\",\"seq\":1,\"id\":\"a\",\"user\":\"alice\",\"text\":\"t=1;k=0\""));

        bob.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"bob\"}");
        assertEquals("{\"type\":\"joined\",\"room\":\"lobby\",\"user\":\"bob\",\"seq\":1}", bob.next());
        for (int k = 1; k <= 3; k++) {
            alice.send("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"t=2;k=" + k + "\",\"id\":\"b" + k + "\"}");
        }
        for (int seq = 2; seq <= 4; seq++) {
            assertTrue(alice.next().startsWith("{\"type\":\"ack\",\"id\":\"b" + (seq - 1) + "\",\"room\":\"lobby\",\"seq\":"
                    + seq + ","));
            assertTrue(alice.next().startsWith("{\"type\":\"message\",\"room\":\"lobby\",\"seq\":" + seq + ","));
            assertTrue(bob.next().startsWith("{\"type\":\"message\",\"room\":\"lobby\",\"seq\":" + seq + ","));
        }

        // a room's seq is its own, and the room goes on when a member has closed
        bob.close();
        alice.send("{\"type\":\"join\",\"room\":\"other\"}");
        assertEquals("{\"type\":\"joined\",\"room\":\"other\",\"user\":\"alice\",\"seq\":0}", alice.next());
        alice.send("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"after\"}");
        assertTrue(alice.next().startsWith("{\"type\":\"ack\",\"room\":\"lobby\",\"seq\":5,"));
        assertTrue(alice.next().startsWith("{\"type\":\"message\",\"room\":\"lobby\",\"seq\":5,\"user\":\"alice\""));
    }

    @Test
    void framesItCannotServeGetAnErrorFrameAndTheConnectionStaysOpen() throws Exception {
        Client client = connect();
        client.next();
        for (String[] bad : List.of(
                new String[]{"not json", "bad_request", "not a JSON object"},
                new String[]{"[1,2]", "bad_request", "not a JSON object"},
                new String[]{"{\"type\":\"typing\",\"room\":\"lobby\"}", "bad_request", "unknown type 'typing'"},
                new String[]{"{\"type\":42}", "bad_request", "unknown type ''"},
                new String[]{"{\"type\":\"join\",\"room\":\"lobby\"}", "bad_request", "name is required on the first join"},
                new String[]{"{\"type\":\"join\",\"name\":\"carol\"}", "bad_request", "room is required"},
                new String[]{"{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"hi\"}", "not_joined",
                        "not in room 'lobby'"})) {
            client.send(bad[0]);
            assertEquals("{\"type\":\"error\",\"code\":\"" + bad[1] + "\",\"message\":\"" + bad[2] + "\"}",
                    client.next(), bad[0]);
        }
        client.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"carol\"}");
        assertTrue(client.next().startsWith("{\"type\":\"joined\""));
        client.send("{\"type\":\"message\",\"room\":\"lobby\"}");
        assertEquals("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"text is required\"}", client.next());
    }

    private Client connect() throws Exception {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder().buildAsync(chat, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Collects whole text messages; {@link #next} waits for one with a timeout. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        }

        String next() throws InterruptedException {
            String text = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(text, "no frame within 10 s");
            return text;
        }

        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }
    }
}
