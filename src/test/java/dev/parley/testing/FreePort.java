package dev.parley.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port for a test server, picked below Linux's ephemeral range (32768-60999). A port from
 * {@code new ServerSocket(0)} comes from that range, and between the probe and the server's own bind an outgoing
 * connection of any process may take it: seen as "Address already in use" while a load test on the same machine held
 * thousands of loopback connections. Below the range only explicit binds compete.
 */
public final class FreePort {

    private FreePort() {
    }

    public static int pick() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
