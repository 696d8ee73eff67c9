package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one {@link IoLoop} saw. Written by that loop's thread only; read by others through {@link IoLoop#call}. A
 * snapshot of all loops is one more of these, with every loop's figures {@link #add added} in.
 */
final class LoopStats {

    /** Microseconds, up to 10 minutes, 3 significant digits. */
    static final long MAX_MICROS = 600_000_000L;

    private final Window window;
    final Histogram latency = new Histogram(MAX_MICROS, 3);
    final Histogram joinLatency = new Histogram(MAX_MICROS, 3);
    /** Every {@code message} frame received, read from other threads for throughput windows. */
    volatile long received;
    long windowDeliveries;
    /** {@code message} frames received by connections on node 0, 1, ... (up to 8 nodes; the rest count as the 8th). */
    final long[] receivedByNode = new long[8];
    long acks;
    /** WebSocket text messages, and the protocol frames in them (more than messages once batched). */
    long textMessages;
    volatile long frames;
    long presence;
    /** Handshakes where the server selected {@code parley.batch}, and where it selected no subprotocol. */
    long batchedConnections;
    long plainConnections;
    long pings;
    long gaps;
    long duplicates;
    long reorders;
    long ioErrors;
    String firstIoError;
    long errors;
    final List<String> errorSamples = new ArrayList<>();
    long handshakeFailures;
    String firstHandshakeFailure;

    /** @param window the measured window; null for a snapshot, which takes no frames itself */
    LoopStats(Window window) {
        this.window = window;
    }

    /** Adds another loop's figures to these (call on the other loop's thread). */
    void add(LoopStats other) {
        latency.add(other.latency);
        joinLatency.add(other.joinLatency);
        windowDeliveries += other.windowDeliveries;
        for (int i = 0; i < receivedByNode.length; i++) {
            receivedByNode[i] += other.receivedByNode[i];
        }
        acks += other.acks;
        textMessages += other.textMessages;
        frames += other.frames;
        presence += other.presence;
        batchedConnections += other.batchedConnections;
        plainConnections += other.plainConnections;
        pings += other.pings;
        gaps += other.gaps;
        duplicates += other.duplicates;
        reorders += other.reorders;
        errors += other.errors;
        errorSamples.addAll(other.errorSamples);
        ioErrors += other.ioErrors;
        if (firstIoError == null) {
            firstIoError = other.firstIoError;
        }
        handshakeFailures += other.handshakeFailures;
        if (firstHandshakeFailure == null) {
            firstHandshakeFailure = other.firstHandshakeFailure;
        }
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer: the loop thread
    void frames(int n) {
        frames += n;
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer: the loop thread
    void message(WsConn conn, long seq, long intendedNanos, long nowNanos) {
        received++;
        receivedByNode[Math.min(conn.node, receivedByNode.length - 1)]++;
        long last = conn.lastSeq;
        if (seq == last + 1) {
            conn.lastSeq = seq;
        } else if (seq > last + 1) {
            gaps += seq - last - 1;
            conn.lastSeq = seq;
        } else if (seq == last) {
            duplicates++;
        } else {
            reorders++;
        }
        if (conn.measured && window.contains(intendedNanos)) {
            windowDeliveries++;
            latency.recordValue(Math.min(Math.max(0, (nowNanos - intendedNanos) / 1000), MAX_MICROS));
        }
    }

    void joinLatency(long nanos) {
        joinLatency.recordValue(Math.min(Math.max(0, nanos / 1000), MAX_MICROS));
    }

    void error(String frame) {
        errors++;
        if (errorSamples.size() < 3) {
            errorSamples.add(frame);
        }
    }

    void handshakeFailure(String statusLine) {
        handshakeFailures++;
        if (firstHandshakeFailure == null) {
            firstHandshakeFailure = statusLine;
        }
    }

    /** Clears what a step measures; integrity counters (gaps, duplicates, reorders, errors) keep adding up. */
    void resetStep() {
        latency.reset();
        joinLatency.reset();
        windowDeliveries = 0;
    }
}
