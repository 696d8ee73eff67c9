package dev.parley.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets a browser test script act on the server between its steps: {@code POST /stop}, {@code /start}, {@code /freeze},
 * {@code /thaw} on a loopback port (or other actions a test names, such as freezing a cluster's Redis). Each answers 200 once done (a start once the page is served) or 500 with the reason.
 */
final class ServerControl implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerControl.class.getName());

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private final HttpServer http;

    ServerControl(ServerProcess server) throws IOException {
        this(Map.of(
                "/stop", server::stop,
                "/start", server::start,
                "/freeze", server::freeze,
                "/thaw", server::thaw));
    }

    /** @param actions by path, e.g. {@code /stop} */
    ServerControl(Map<String, Action> actions) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        actions.forEach((path, action) -> http.createContext(path, exchange -> handle(exchange, path, action)));
        http.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    private static void handle(HttpExchange exchange, String path, Action action) throws IOException {
        int status = 200;
        String body = "ok";
        try {
            action.run();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "server control " + path + " failed", e);
            status = 500;
            body = path + " failed: " + e;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
