package dev.parley.transport.sse;

import dev.parley.application.ChatMetrics;
import dev.parley.application.Peer;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.transport.FrameQueue;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An event stream's single writer: a queue bounded by frames and characters, and one writer at a time. The writer
 * writes everything queued in one go while the response takes it; when it does not ({@code isReady()} is false), the
 * container calls {@link #onWritePossible()} later and the writer goes on from there. Offering never writes, so rooms
 * offer under their locks; {@link #drain()}, after every lock is released, hands the writer to a container thread, so
 * that no chat thread ever waits for a client, whatever the container does in a write.
 * <p>
 * It also keeps the stream's vital signs for {@link OpenStreams}: when the client last posted, how long the response
 * has refused to take more, and when something was last written (a quiet stream gets a comment line, so that proxies
 * keep it open). A client that lets its queue fill up, or does not take a write within the send timeout, is cut off.
 */
final class StreamOutbox implements Peer, WriteListener {

    private static final Logger LOG = Logger.getLogger(StreamOutbox.class.getName());
    /** A stream that carried nothing for this long gets a comment; idle proxies drop connections after 30-60 s. */
    static final long HEARTBEAT_MILLIS = 15_000;

    private final Wire wire;
    private final long sendTimeout;
    private final long idleTimeout;
    private final long heartbeat;
    private final LongSupplier nanoTime;
    private final BiConsumer<StreamOutbox, CloseCause> closer;
    private final ChatMetrics metrics;
    private volatile String label = "a fallback stream";
    private volatile long lastHeard;

    // guarded by this
    private final FrameQueue queue;
    /** A thread writes, or a write waits for onWritePossible. True until the container first calls it. */
    private boolean writing = true;
    /** When the response last refused to take more (isReady false); -1 while it takes what it is given. */
    private long blockedSince;
    /** When the write or flush under way began, -1 when none is: some containers block in them (Liberty's flush). */
    private long callStarted = -1;
    private boolean unflushed;
    private long lastWrite;
    private boolean discarded;
    /** Why the stream is being ended; its close event is the last thing written. */
    private CloseCause closing;
    /** The response is over (or about to be): nothing more is written. */
    private boolean ended;

    /**
     * @param first  the stream's first event (the token), sent before anything offered
     * @param closer asked to close this stream's connection, from any thread, possibly under locks: it must not close
     *               inline
     */
    StreamOutbox(Wire wire, String first, ParleyConfig config, ChatMetrics metrics, LongSupplier nanoTime,
                 BiConsumer<StreamOutbox, CloseCause> closer) {
        this.wire = wire;
        this.queue = new FrameQueue(config);
        this.sendTimeout = TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMillis());
        this.idleTimeout = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
        this.heartbeat = TimeUnit.MILLISECONDS.toNanos(Math.min(HEARTBEAT_MILLIS, config.pingIntervalMillis()));
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.closer = closer;
        this.lastHeard = nanoTime.getAsLong();
        this.lastWrite = lastHeard;
        this.blockedSince = lastHeard;
        queue.force(first);
    }

    /** Names the stream in log lines from now on. */
    void label(String label) {
        this.label = label;
    }

    /** The client posted to this stream's connection. */
    void heard() {
        lastHeard = nanoTime.getAsLong();
    }

    @Override
    public synchronized boolean offer(String frame) {
        if (discarded || queue.overflowed()) {
            return false;
        }
        if (!queue.add(Events.frame(frame))) {
            return true; // the drain cuts it off
        }
        metrics.outboxDepth(queue.size());
        return !writing;
    }

    @Override
    public void drain() {
        boolean cut;
        synchronized (this) {
            cut = queue.overflowed();
            if (!cut) {
                if (writing) {
                    return; // the writer takes what was just queued
                }
                writing = true;
            }
        }
        if (cut) {
            cutOff(); // at once, even while a write waits for the client
        } else {
            startWriter();
        }
    }

    /** The writer runs on a container thread, never the caller's (see {@link Wire#dispatch}). */
    private void startWriter() {
        try {
            wire.dispatch(this::write);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** The container says the response takes more: go on writing. */
    @Override
    public void onWritePossible() {
        write();
    }

    /** The container failed a write (mostly: the client went away). */
    @Override
    public void onError(Throwable failure) {
        failed(failure);
    }

    /**
     * Writes what is queued while the response takes it; only the thread that set {@code writing} calls this. Once the
     * stream is closing, the writer ends the response after the last event instead of resting.
     */
    private void write() {
        try {
            while (true) {
                String chunk;
                boolean endNow = false;
                synchronized (this) {
                    if (ended) {
                        return;
                    }
                    if (queue.overflowed()) {
                        writing = false;
                        break;
                    }
                }
                if (!wire.isReady()) {
                    synchronized (this) {
                        if (closing == null) {
                            blockedSince = nanoTime.getAsLong();
                            return; // onWritePossible goes on
                        }
                        ended = true; // a last word is not worth waiting for
                    }
                    wire.end();
                    return;
                }
                synchronized (this) {
                    blockedSince = -1;
                    chunk = queue.pollAll();
                    if (chunk == null && !unflushed) {
                        if (closing == null) {
                            writing = false;
                            return;
                        }
                        ended = true;
                        endNow = true;
                    }
                    unflushed = chunk != null;
                    if (chunk != null) {
                        lastWrite = nanoTime.getAsLong();
                    }
                }
                if (endNow) {
                    wire.end();
                    return;
                }
                synchronized (this) {
                    callStarted = nanoTime.getAsLong();
                }
                if (chunk == null) {
                    wire.flush(); // buffered output goes out before the writer rests
                } else {
                    wire.write(chunk);
                }
                synchronized (this) {
                    callStarted = -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
            return;
        }
        cutOff();
    }

    /** The queue overflowed: the client reads slower than its rooms talk. */
    private void cutOff() {
        synchronized (this) {
            if (discarded) {
                return;
            }
            discarded = true;
        }
        LOG.warning(() -> label + ": outbox full (" + queue.limits() + "), closing with " + CloseCause.TOO_SLOW.code());
        closer.accept(this, CloseCause.TOO_SLOW);
    }

    @Override
    public synchronized void discard() {
        discarded = true;
        queue.clear();
    }

    @Override
    public void close(CloseCause cause) {
        closer.accept(this, cause);
    }

    /**
     * What the stream needs at {@code now}: null when it is fine (a comment is written if it has been quiet), or why
     * it must be closed: the response has not taken a write for the send timeout, or the client has not posted for
     * the idle timeout (it pings every 20 s; the server cannot tell a half-open stream from a quiet one otherwise).
     */
    CloseCause check(long now) {
        synchronized (this) {
            if (ended || discarded) {
                return null;
            }
            if (writing && (blockedSince >= 0 && now - blockedSince > sendTimeout
                    || callStarted >= 0 && now - callStarted > sendTimeout)) {
                return CloseCause.SEND_TIMEOUT;
            }
            if (now - lastHeard > idleTimeout) {
                return CloseCause.IDLE;
            }
            if (writing || now - lastWrite < heartbeat) {
                return null;
            }
            queue.force(Events.HEARTBEAT);
            writing = true;
        }
        startWriter();
        return null;
    }

    /**
     * Ends the stream: drops the queue and tells the client why in a last {@code close} event, written by the writer
     * after what it is writing. A client that does not read (its queue overflowed, a write waits for it, writes fail)
     * gets no last word: its response ends at once.
     */
    void end(CloseCause cause) {
        boolean endNow;
        boolean wake = false;
        synchronized (this) {
            if (ended || closing != null) {
                return;
            }
            closing = cause;
            discarded = true;
            queue.clear();
            endNow = queue.overflowed() || writing && (blockedSince >= 0 || callStarted >= 0) || cause.isSlowConsumer()
                    || cause.isClientGone();
            if (endNow) {
                ended = true;
            } else {
                queue.force(Events.close(cause));
                wake = !writing;
                writing = true;
            }
        }
        if (endNow) {
            wire.end();
        } else if (wake) {
            startWriter();
        }
    }

    /** A stream that missed a frame must not go on as if it had not: it is closed, and recovers with since. */
    private void failed(Throwable cause) {
        boolean closingAnyway;
        synchronized (this) {
            closingAnyway = closing != null;
            ended |= closingAnyway;
        }
        if (closingAnyway) {
            LOG.log(Level.FINE, cause, () -> label + ": the close event was not written");
            wire.end();
            return;
        }
        discard();
        LOG.log(Level.FINE, cause, () -> label + ": write failed, dropping its outbox and closing");
        closer.accept(this, CloseCause.SEND_FAILED);
    }
    @Override
    public String toString() {
        return label;
    }
}
