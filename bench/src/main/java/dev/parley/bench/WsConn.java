package dev.parley.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket over a non-blocking socket: handshake, masked text frames out, unmasked frames in. Its
 * {@link IoLoop} does all reading; any thread may {@link #sendText} (writes are serialised on this object, and a
 * partial write leaves the rest for the loop to finish).
 */
final class WsConn {

    enum State { CONNECTING, HANDSHAKE, OPEN, CLOSED }

    final int index;
    final String room;
    final String name;
    final IoLoop loop;
    /** Counted in latency and the expected-delivery check (not a churn or never-reading client). */
    final boolean measured;
    /** Stops reading once joined: the "slow" scenario's clients that never read. */
    final boolean neverReads;

    /** Which of the servers' nodes this connection talks to (0 with one server). */
    int node;
    SocketChannel channel;
    SelectionKey key;
    volatile State state = State.CONNECTING;
    long connectStartNanos;
    volatile long joinedAtNanos;
    /** The last seq seen in the room; -1 until joined. Touched by the loop thread only. */
    long lastSeq = -1;
    volatile int closeCode;
    /** Bytes of an incomplete frame (or the handshake response) left from the last read. */
    byte[] leftover;
    /** Payload of a fragmented message being reassembled. */
    java.io.ByteArrayOutputStream fragments;
    int fragmentOpcode;
    /** This client offered {@code parley.batch} in its handshake. */
    final boolean offersBatch;
    /** The server selected {@code parley.batch}: a text message may carry several {@code \n}-separated frames. */
    volatile boolean batched;
    /** Names in this connection's {@code joined.members}; -1 until joined. Written by the loop thread. */
    volatile int joinedMembers = -1;
    /** {@code presence} join frames received after {@code joined}, and before it (which a server should not send). */
    volatile int presenceJoinsAfterJoined;
    volatile int presenceBeforeJoined;
    /** {@code presence} leave frames received after {@code joined}. */
    volatile int presenceLeavesAfterJoined;

    // guarded by this
    private ByteBuffer pendingOut;

    WsConn(int index, String room, String name, IoLoop loop, boolean measured, boolean neverReads,
           boolean offersBatch) {
        this.index = index;
        this.offersBatch = offersBatch;
        this.room = room;
        this.name = name;
        this.loop = loop;
        this.measured = measured;
        this.neverReads = neverReads;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** The upgrade request; {@code protocol}, when not null, is offered in {@code Sec-WebSocket-Protocol}. */
    static byte[] handshake(String host, int port, String path, String protocol) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = java.util.Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Origin: http://" + host + ":" + port + "\r\n"
                + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n")
                + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    void sendText(String text) {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Builds one masked frame (clients must mask) and writes it, or queues what the socket did not take. */
    void sendFrame(int opcode, byte[] payload) {
        int len = payload.length;
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + len);
        frame.put((byte) (0x80 | opcode));
        if (len < 126) {
            frame.put((byte) (0x80 | len));
        } else if (len < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(len);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        frame.putInt(mask);
        byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        for (int i = 0; i < len; i++) {
            frame.put((byte) (payload[i] ^ m[i & 3]));
        }
        frame.flip();
        writeRaw(frame);
    }

    synchronized void writeRaw(ByteBuffer data) {
        if (state == State.CLOSED) {
            return;
        }
        if (pendingOut != null) {
            ByteBuffer joined = ByteBuffer.allocate(pendingOut.remaining() + data.remaining());
            joined.put(pendingOut).put(data).flip();
            pendingOut = joined;
            return;
        }
        try {
            channel.write(data);
        } catch (IOException e) {
            loop.failed(this, e);
            return;
        }
        if (data.hasRemaining()) {
            pendingOut = data;
            loop.wantWrite(this);
        }
    }

    /** Called by the loop when the socket is writable again; true when nothing is left to write. */
    synchronized boolean flushPending() throws IOException {
        if (pendingOut == null) {
            return true;
        }
        channel.write(pendingOut);
        if (pendingOut.hasRemaining()) {
            return false;
        }
        pendingOut = null;
        return true;
    }

    /** A clean close: close frame 1000, then the socket. */
    void close() {
        if (state == State.OPEN) {
            sendFrame(0x8, new byte[]{0x03, (byte) 0xE8});
        }
        loop.closeQuietly(this);
    }
}
