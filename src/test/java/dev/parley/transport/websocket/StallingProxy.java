package dev.parley.transport.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy in front of the server that can stop forwarding without closing anything: to the server, its client
 * turns half-open (a network cut, a sleeping laptop), the connection stays established but nothing comes back. It can
 * also lose what the server sends ({@link #hold}), cut every connection ({@link #cut}) and refuse new ones
 * ({@link #refuse}), as a network failure does.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final URI target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private volatile boolean stalling;
    private volatile boolean holding;
    private volatile boolean refusing;

    StallingProxy(URI target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalling-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The same ws:// URI as the target's, through the proxy. */
    URI uri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + target.getPath());
    }

    /** The server's http:// address through the proxy, as a client library takes it. */
    URI httpUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /** While on, what the server sends is read and dropped: the server took the frame, its answer is lost. */
    void hold(boolean on) {
        holding = on;
    }

    /** While on, a new connection is closed as soon as it is accepted. */
    void refuse(boolean on) {
        refusing = on;
    }

    /** Ends every connection through the proxy now, both ways. */
    void cut() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** From now on nothing is forwarded either way, and nothing is read: the kernel buffers fill up, then stay full. */
    void stall() {
        stalling = true;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            }
        } catch (IOException closed) {
            // the proxy was closed
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    if (stalling) {
                        stalled.await(); // forever: until close() makes the sockets fail
                    }
                    if (!(fromServer && holding)) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the proxy was closed, or cut this connection
            } finally {
                close(from);
                close(to);
            }
        }, "stalling-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        stalled.countDown();
    }
}
