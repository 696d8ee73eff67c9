package dev.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One selector thread for many {@link WsConn}s: connects, reads, parses frames and feeds {@link LoopStats}, which only
 * this thread touches (other threads read them through {@link #call}).
 */
final class IoLoop implements Runnable {

    private static final byte[] MESSAGE = ascii("{\"type\":\"message\"");
    private static final byte[] ACK = ascii("{\"type\":\"ack\"");
    private static final byte[] JOINED = ascii("{\"type\":\"joined\"");
    private static final byte[] WELCOME = ascii("{\"type\":\"welcome\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] PRESENCE = ascii("{\"type\":\"presence\"");
    private static final byte[] EVENT_JOIN = ascii("\"event\":\"join\"");
    private static final byte[] EVENT_LEAVE = ascii("\"event\":\"leave\"");
    private static final byte[] MEMBERS_ARRAY = ascii("\"members\":[");
    private static final byte[] SEQ = ascii("\"seq\":");
    private static final byte[] TEXT_T = ascii("\"text\":\"t=");
    private static final byte[] HEADERS_END = ascii("\r\n\r\n");
    private static final byte[] STATUS_101 = ascii("HTTP/1.1 101");

    final LoopStats stats;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final Listener listener;
    private ByteBuffer readBuffer = ByteBuffer.allocate(1 << 20);
    private volatile boolean running = true;

    /** What the scenario hears about; called on the loop thread. */
    interface Listener {
        void welcomed(WsConn conn);

        void joined(WsConn conn);

        void closed(WsConn conn);
    }

    IoLoop(String name, Window window, Listener listener) throws IOException {
        this.selector = Selector.open();
        this.stats = new LoopStats(window);
        this.listener = listener;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Opens a socket from {@code source} (port chosen by the kernel) to the server; the handshake follows. */
    void connect(WsConn conn, InetSocketAddress source, InetSocketAddress server, byte[] handshake, int receiveBuffer)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (receiveBuffer > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        }
        channel.bind(source);
        conn.channel = channel;
        conn.connectStartNanos = System.nanoTime();
        boolean connected = channel.connect(server);
        tasks.add(() -> {
            try {
                if (connected) {
                    conn.key = channel.register(selector, SelectionKey.OP_READ, conn);
                    startHandshake(conn, handshake);
                } else {
                    conn.key = channel.register(selector, SelectionKey.OP_CONNECT, conn);
                    conn.leftover = handshake; // sent once connected
                }
            } catch (IOException e) {
                failed(conn, e);
            }
        });
        selector.wakeup();
    }

    void wantWrite(WsConn conn) {
        tasks.add(() -> {
            if (conn.key != null && conn.key.isValid()) {
                conn.key.interestOps(conn.key.interestOps() | SelectionKey.OP_WRITE);
            }
        });
        selector.wakeup();
    }

    /** Runs {@code task} on the loop thread and waits for it. */
    void call(Runnable task) {
        CountDownLatch done = new CountDownLatch(1);
        tasks.add(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        selector.wakeup();
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(thread.getName() + " did not answer in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void shutdown() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(10);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key);
                }
            }
            for (SelectionKey key : selector.keys()) {
                closeQuietly((WsConn) key.attachment());
            }
            selector.close();
        } catch (IOException | RuntimeException e) {
            System.err.println(thread.getName() + " stopped: " + e);
            e.printStackTrace();
        }
    }

    private void handle(SelectionKey key) {
        WsConn conn = (WsConn) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                conn.channel.finishConnect();
                byte[] handshake = conn.leftover;
                conn.leftover = null;
                key.interestOps(SelectionKey.OP_READ);
                startHandshake(conn, handshake);
                return;
            }
            if (key.isWritable() && conn.flushPending()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            }
            if (key.isValid() && key.isReadable()) {
                read(conn);
            }
        } catch (IOException e) {
            failed(conn, e);
        }
    }

    private void startHandshake(WsConn conn, byte[] handshake) {
        conn.state = WsConn.State.HANDSHAKE;
        conn.writeRaw(ByteBuffer.wrap(handshake));
    }

    private void read(WsConn conn) throws IOException {
        while (true) {
            ByteBuffer buffer = readBuffer;
            buffer.clear();
            if (conn.leftover != null) {
                if (conn.leftover.length > buffer.capacity() / 2) {
                    readBuffer = ByteBuffer.allocate(conn.leftover.length * 4);
                    buffer = readBuffer;
                }
                buffer.put(conn.leftover);
                conn.leftover = null;
            }
            int n = conn.channel.read(buffer);
            if (n < 0) {
                if (conn.closeCode == 0) {
                    conn.closeCode = 1006;
                }
                closeQuietly(conn);
                return;
            }
            parse(conn, buffer.array(), buffer.position());
            if (n == 0 || buffer.hasRemaining() || conn.state == WsConn.State.CLOSED) {
                return;
            }
        }
    }

    private void parse(WsConn conn, byte[] buf, int end) {
        int p = 0;
        if (conn.state == WsConn.State.HANDSHAKE) {
            int headersEnd = indexOf(buf, 0, end, HEADERS_END);
            if (headersEnd < 0) {
                conn.leftover = java.util.Arrays.copyOf(buf, end);
                return;
            }
            if (!startsWith(buf, 0, end, STATUS_101)) {
                int lineEnd = indexOf(buf, 0, end, ascii("\r\n"));
                stats.handshakeFailure(new String(buf, 0, Math.max(lineEnd, 0), StandardCharsets.US_ASCII));
                closeQuietly(conn);
                return;
            }
            String protocol = Frames.selectedProtocol(buf, headersEnd);
            if (protocol != null && !(conn.offersBatch && protocol.equals(Frames.BATCH_PROTOCOL))) {
                // RFC 6455 4.1: a subprotocol the client did not offer fails the connection
                stats.handshakeFailure("unexpected Sec-WebSocket-Protocol: " + protocol);
                closeQuietly(conn);
                return;
            }
            conn.batched = protocol != null;
            if (conn.batched) {
                stats.batchedConnections++;
            } else {
                stats.plainConnections++;
            }
            conn.state = WsConn.State.OPEN;
            p = headersEnd + 4;
        }
        while (conn.state == WsConn.State.OPEN && end - p >= 2) {
            int b0 = buf[p] & 0xff;
            int b1 = buf[p + 1] & 0xff;
            boolean masked = (b1 & 0x80) != 0;
            long len = b1 & 0x7f;
            int header = 2;
            if (len == 126) {
                if (end - p < 4) {
                    break;
                }
                len = ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
                header = 4;
            } else if (len == 127) {
                if (end - p < 10) {
                    break;
                }
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | (buf[p + 2 + i] & 0xff);
                }
                header = 10;
            }
            if (masked) {
                header += 4; // servers never mask; tolerated, not unmasked
            }
            if (end - p - header < len) {
                break;
            }
            frame(conn, b0, buf, p + header, (int) len);
            p += header + (int) len;
        }
        if (p < end && conn.state == WsConn.State.OPEN) {
            conn.leftover = java.util.Arrays.copyOfRange(buf, p, end);
        }
    }

    private void frame(WsConn conn, int b0, byte[] buf, int off, int len) {
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        switch (opcode) {
            case 0x0 -> {
                if (conn.fragments != null) {
                    conn.fragments.write(buf, off, len);
                    if (fin) {
                        byte[] whole = conn.fragments.toByteArray();
                        conn.fragments = null;
                        if (conn.fragmentOpcode == 0x1) {
                            text(conn, whole, 0, whole.length);
                        }
                    }
                }
            }
            case 0x1, 0x2 -> {
                if (!fin) {
                    conn.fragments = new java.io.ByteArrayOutputStream(len * 2);
                    conn.fragments.write(buf, off, len);
                    conn.fragmentOpcode = opcode;
                } else if (opcode == 0x1) {
                    text(conn, buf, off, len);
                }
            }
            case 0x8 -> {
                conn.closeCode = len >= 2 ? ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff) : 1005;
                closeQuietly(conn);
            }
            case 0x9 -> {
                stats.pings++;
                conn.sendFrame(0xA, java.util.Arrays.copyOfRange(buf, off, off + len));
            }
            default -> { } // pong or reserved: nothing to do
        }
    }

    /** One WebSocket text message: one protocol frame, or several when {@code parley.batch} was selected. */
    private void text(WsConn conn, byte[] buf, int off, int len) {
        stats.textMessages++;
        stats.frames(Frames.split(buf, off, len, conn.batched, (b, o, l) -> protocolFrame(conn, b, o, l)));
    }

    private void protocolFrame(WsConn conn, byte[] buf, int off, int len) {
        int end = off + len;
        long now = System.nanoTime();
        if (startsWith(buf, off, end, MESSAGE)) {
            long seq = longAfter(buf, off, end, SEQ);
            long sent = longAfter(buf, off, end, TEXT_T);
            stats.message(conn, seq, sent, now);
        } else if (startsWith(buf, off, end, ACK)) {
            stats.acks++;
        } else if (startsWith(buf, off, end, PRESENCE)) {
            stats.presence++;
            if (conn.joinedMembers < 0) {
                conn.presenceBeforeJoined++;
            } else if (indexOf(buf, off, end, EVENT_JOIN) >= 0) {
                conn.presenceJoinsAfterJoined++;
            } else if (indexOf(buf, off, end, EVENT_LEAVE) >= 0) {
                conn.presenceLeavesAfterJoined++;
            }
        } else if (startsWith(buf, off, end, JOINED)) {
            conn.lastSeq = longAfter(buf, off, end, SEQ);
            conn.joinedMembers = Frames.arraySize(buf, off, end, MEMBERS_ARRAY);
            conn.joinedAtNanos = now;
            if (!conn.measured) {
                stats.joinLatency(now - conn.connectStartNanos);
            }
            if (conn.neverReads && conn.key != null) {
                conn.key.interestOps(0);
            }
            listener.joined(conn);
        } else if (startsWith(buf, off, end, WELCOME)) {
            listener.welcomed(conn);
        } else if (startsWith(buf, off, end, ERROR)) {
            stats.error(new String(buf, off, Math.min(len, 200), StandardCharsets.UTF_8));
        }
    }

    void failed(WsConn conn, IOException e) {
        if (conn.state != WsConn.State.CLOSED) {
            stats.ioErrors++;
            if (stats.firstIoError == null) {
                stats.firstIoError = e.toString();
            }
        }
        closeQuietly(conn);
    }

    void closeQuietly(WsConn conn) {
        boolean wasOpen;
        synchronized (conn) {
            wasOpen = conn.state != WsConn.State.CLOSED;
            conn.state = WsConn.State.CLOSED;
        }
        try {
            if (conn.channel != null) {
                conn.channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (wasOpen) {
            listener.closed(conn);
        }
    }

    static long longAfter(byte[] buf, int from, int end, byte[] marker) {
        int at = indexOf(buf, from, end, marker);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + marker.length; i < end; i++) {
            int c = buf[i] - '0';
            if (c < 0 || c > 9) {
                break;
            }
            value = value * 10 + c;
        }
        return value;
    }

    static boolean startsWith(byte[] buf, int off, int end, byte[] prefix) {
        if (end - off < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] buf, int from, int end, byte[] pattern) {
        byte first = pattern[0];
        outer:
        for (int i = from; i <= end - pattern.length; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
