package dev.parley.cluster;

import dev.parley.testing.FreePort;
import dev.parley.testing.Haproxy;
import dev.parley.testing.RedisServer;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestServers;
import dev.parley.testing.WsClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A Parley cluster made of real processes: a private redis-server on a free port, some nodes (target/parley.war on
 * one server, each a child process on its own port, all with the same {@code PARLEY_REDIS_URI}), and haproxy in
 * front of them. Clients connect through haproxy ({@link #balanced()}) or straight to one node ({@link #node(int)}).
 * Closing it stops every process it started, also after a failed start.
 * <p>
 * The nodes run on the server that {@link TestServers} names: WildFly unless a server profile says otherwise
 * (docs/deploy.md has the commands).
 */
final class Cluster implements AutoCloseable {

    /** The API token of every node. */
    static final String API_TOKEN = "cluster-token";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private RedisServer redis;
    private Haproxy haproxy;

    private Cluster() {
    }

    /**
     * Starts Redis, {@code nodeCount} nodes (at once: on two busy cores a start takes 20-60 s) and haproxy.
     *
     * @param settings extra {@code PARLEY_...} environment variables for every node
     */
    static Cluster start(String name, int nodeCount, Map<String, String> settings) throws Exception {
        Cluster cluster = new Cluster();
        try {
            cluster.startProcesses(name, nodeCount, settings);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startProcesses(String name, int nodeCount, Map<String, String> settings) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "cluster", name));
        redis = RedisServer.start();
        started.add(redis);
        Map<String, String> environment = new HashMap<>();
        environment.put("PARLEY_REDIS_URI", redis.uri());
        environment.put("PARLEY_API_TOKEN", API_TOKEN);
        // The tests send bursts from one connection; the rate limits are not what they are about.
        environment.put("PARLEY_MESSAGES_PER_SECOND", "1000");
        environment.put("PARLEY_FRAMES_PER_SECOND", "2000");
        environment.putAll(settings);
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            int port = FreePort.pick();
            ports.add(port);
            ServerProcess node = TestServers.create(port, logs, "node" + i, environment);
            nodes.add(node);
            started.add(node);
        }
        ExecutorService starter = Executors.newFixedThreadPool(nodeCount);
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (ServerProcess node : nodes) {
                starts.add(starter.submit(() -> {
                    node.start();
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get();
            }
        } finally {
            starter.shutdownNow();
        }
        haproxy = Haproxy.start(ports, logs);
        started.add(haproxy);
    }

    /** The load balancer in front of the nodes. */
    public Haproxy haproxy() {
        return haproxy;
    }

    /** The chat endpoint through haproxy: whichever node's turn it is. */
    URI balanced() {
        return haproxy.chat();
    }

    /** The chat endpoint of node {@code i} (1-based). */
    URI node(int i) {
        return URI.create("ws://127.0.0.1:" + nodes.get(i - 1).port() + "/chat");
    }

    ServerProcess process(int i) {
        return nodes.get(i - 1);
    }

    RedisServer redis() {
        return redis;
    }

    /** GET {@code path} on node {@code i} with the API token. */
    HttpResponse<String> get(int i, String path) throws Exception {
        return WsClient.HTTP.send(request(i, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST a JSON body to {@code path} on node {@code i} with the API token. */
    HttpResponse<String> post(int i, String path, String json) throws Exception {
        return WsClient.HTTP.send(request(i, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PUT a JSON body to {@code path} on node {@code i} with the API token. */
    HttpResponse<String> put(int i, String path, String json) throws Exception {
        return WsClient.HTTP.send(request(i, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** DELETE {@code path} on node {@code i} with the API token. */
    HttpResponse<String> delete(int i, String path) throws Exception {
        return WsClient.HTTP.send(request(i, path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(int i, String path) {
        return HttpRequest.newBuilder(nodes.get(i - 1).page().resolve(path))
                .timeout(WsClient.NETWORK_TIMEOUT)
                .header("Authorization", "Bearer " + API_TOKEN);
    }

    /** A room name no other test uses. */
    static String newRoom() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stops haproxy, the nodes and Redis, in that order; every one of them, whatever fails. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
