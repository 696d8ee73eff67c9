package dev.parley.transport;

import dev.parley.application.ChatMetrics;
import dev.parley.application.Peer;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's single writer, whatever its transport: a queue bounded by frames and characters, and at most one send
 * in flight on its {@link Wire} (a text or a keepalive), the next started when the previous one reports. A send carries
 * what is queued when it starts ({@link Delivery.Batching}). Offering never touches the wire, so rooms offer under
 * their locks; {@link #drain()}, after every lock is released, starts the send. It keeps the vital signs that
 * {@link OpenConnections} checks. {@link State#OPEN} takes frames; {@link State#CLOSING} (an overflow, a failed send,
 * a disconnect) takes none and sends nothing more; {@link State#CLOSED}: the wire was ended, once.
 */
public final class Outbox implements Peer, Sent {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    /** Sends need no application class; with the application's loader Payara scans every jar per send (benchmarks). */
    private static final ClassLoader SEND_LOADER = ClassLoader.getPlatformClassLoader();
    /** The most characters (UTF-16 units, as the bounds count) of a {@link Delivery.Batching#LINES} text. */
    public static final int BATCH_CHARS = 64 * 1024;

    /** The connection's writer, as {@link OpenConnections} and the tests see it. */
    public enum State { OPEN, CLOSING, CLOSED }

    private final Wire wire;
    private final Delivery delivery;
    private final long writeDelay;
    private final long keepaliveInterval;
    private final long sendTimeout;
    private final long idleTimeout;
    private final LongSupplier nanoTime;
    private final FlushTimer flushTimer;
    private final BiConsumer<Outbox, CloseCause> closer;
    private final ChatMetrics metrics;
    private volatile String label = "a connection";
    private volatile long lastHeard;

    // guarded by this
    private final FrameQueue queue;
    private State state = State.OPEN;
    private boolean inFlight;
    private long sendStarted;
    /** The thread inside the wire's send, so that a send reporting on that same thread does not recurse into drain. */
    private Thread sendingThread;
    private boolean keepaliveDue;
    private long lastKeepalive;
    private long lastSend;
    /** When the queue last went from empty to not empty (kept only with a write delay). */
    private long waitingSince;
    private boolean flushPending;

    /** @param closer asked to close the connection, from any thread, maybe under locks: it must not close inline */
    public Outbox(Wire wire, Delivery delivery, ParleyConfig config, ChatMetrics metrics, LongSupplier nanoTime,
                  FlushTimer flushTimer, BiConsumer<Outbox, CloseCause> closer) {
        this.wire = wire;
        this.delivery = delivery;
        this.writeDelay = delivery.batching() == Delivery.Batching.LINES
                ? TimeUnit.MILLISECONDS.toNanos(delivery.writeDelayMillis()) : 0;
        this.keepaliveInterval = TimeUnit.MILLISECONDS.toNanos(delivery.keepaliveMillis());
        this.sendTimeout = TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMillis());
        this.idleTimeout = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.flushTimer = flushTimer;
        this.closer = closer;
        this.queue = new FrameQueue(config);
        this.lastHeard = nanoTime.getAsLong();
        this.lastKeepalive = lastHeard;
        this.lastSend = lastHeard;
        if (delivery.first() != null) {
            queue.force(delivery.first());
            inFlight = true;
            sendStarted = lastHeard;
        }
    }

    /** Names the connection in log lines from now on. */
    public void label(String label) {
        this.label = label;
    }

    /** The client sent something: a frame, a pong, a POST. */
    public void heard() {
        lastHeard = nanoTime.getAsLong();
    }

    public synchronized State state() {
        return state;
    }

    @Override
    public synchronized boolean offer(String frame) {
        if (state != State.OPEN || queue.overflowed()) {
            return false;
        }
        boolean first = queue.isEmpty();
        if (!queue.add(delivery.framing() == null ? frame : delivery.framing().apply(frame))) {
            return true; // the drain cuts it off
        }
        if (writeDelay > 0 && first) {
            waitingSince = nanoTime.getAsLong();
        }
        metrics.outboxDepth(queue.size());
        return !inFlight && (!flushPending || batchFull());
    }

    @Override
    public void drain() {
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setContextClassLoader(SEND_LOADER);
        try {
            sendQueued();
        } finally {
            thread.setContextClassLoader(loader);
        }
    }

    private void sendQueued() {
        while (true) {
            String next = null;
            long wait = 0;
            synchronized (this) {
                if (state == State.OPEN && queue.overflowed()) {
                    state = State.CLOSING; // at once, even with a send in flight
                    break;
                }
                if (state != State.OPEN || inFlight || !keepaliveDue && queue.isEmpty()) {
                    return;
                }
                wait = keepaliveDue ? 0 : batchWait();
                if (wait > 0) {
                    if (flushPending) {
                        return;
                    }
                    flushPending = true;
                } else {
                    inFlight = true;
                    sendStarted = nanoTime.getAsLong();
                    lastSend = sendStarted;
                    if (keepaliveDue) {
                        keepaliveDue = false;
                    } else {
                        next = take();
                    }
                    sendingThread = Thread.currentThread();
                }
            }
            if (wait > 0) {
                flushTimer.flushIn(this::flush, wait);
                return;
            }
            try {
                if (next == null) {
                    wire.ping(this);
                } else {
                    wire.send(next, this);
                }
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            synchronized (this) {
                sendingThread = null;
                if (inFlight) {
                    return; // the send goes on; its report starts the next one
                }
            }
        }
        LOG.warning(() -> label + ": outbox full (" + queue.limits() + "), closing with " + CloseCause.TOO_SLOW.code());
        closer.accept(this, CloseCause.TOO_SLOW);
    }

    private String take() {
        return switch (delivery.batching()) {
            case NONE -> queue.poll();
            case LINES -> queue.pollLines(BATCH_CHARS);
            case ALL -> queue.pollAll();
        };
    }

    /** Nanoseconds the queue should still wait for more frames: 0 without a write delay or once it fills a text. */
    private long batchWait() {
        if (writeDelay == 0 || batchFull()) {
            return 0;
        }
        return Math.max(0, waitingSince + writeDelay - nanoTime.getAsLong());
    }

    /** Whether what is queued, joined, would fill a batched text. */
    private boolean batchFull() {
        return queue.joinedChars() >= BATCH_CHARS;
    }

    /** The write delay is over: send what waited for it (or wait again, if the queue started over meanwhile). */
    private void flush() {
        synchronized (this) {
            flushPending = false;
        }
        drain();
    }

    @Override
    public void sent() {
        boolean sameThread;
        synchronized (this) {
            inFlight = false;
            sameThread = sendingThread == Thread.currentThread();
        }
        if (!sameThread) {
            drain();
        }
    }

    /** A connection that missed a frame must not go on as if it had not: it is closed, and recovers with since. */
    @Override
    public void failed(Throwable cause) {
        synchronized (this) {
            inFlight = false;
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            queue.clear();
        }
        LOG.log(Level.FINE, cause, () -> label + ": send failed, dropping its outbox and closing");
        closer.accept(this, CloseCause.SEND_FAILED);
    }

    @Override
    public synchronized void discard() {
        if (state == State.OPEN) {
            state = State.CLOSING;
        }
        keepaliveDue = false;
        queue.clear();
    }

    @Override
    public void close(CloseCause cause) {
        closer.accept(this, cause);
    }

    /** Null when the connection is fine (sending a keepalive if it is due), or why it must close: stuck, or unheard. */
    public CloseCause check(long now) {
        synchronized (this) {
            if (state != State.OPEN) {
                return null;
            }
            if (inFlight && now - sendStarted > sendTimeout) {
                return CloseCause.SEND_TIMEOUT;
            }
            if (now - lastHeard > idleTimeout) {
                return CloseCause.IDLE;
            }
            long quietSince = delivery.keepalive() == Delivery.Keepalive.WHEN_UNHEARD ? lastHeard : lastSend;
            if (now - quietSince < keepaliveInterval || now - lastKeepalive < keepaliveInterval) {
                return null;
            }
            keepaliveDue = true;
            lastKeepalive = now;
        }
        drain();
        return null;
    }

    /** Drops the queue and ends the wire, telling the client {@code cause} where it can; only the first call acts. */
    public void end(CloseCause cause) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            keepaliveDue = false;
            queue.clear();
        }
        if (cause != null) {
            wire.end(cause);
        }
    }

    /** The client's side ended the connection: nothing more is sent, and the wire needs no ending. */
    public void ended() {
        end(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
