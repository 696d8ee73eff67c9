package dev.parley.transport.websocket;

import dev.parley.application.ChatMetrics;
import dev.parley.application.Peer;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.transport.FrameQueue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A session's single writer: a queue bounded by frames and characters, and at most one send in flight (a text with
 * {@code sendText(text, handler)}, or a ping); the next send starts when the previous one completes.
 * <p>
 * A session that negotiated {@value ChatHandshake#BATCH} gets what is queued in one text, frames joined by a newline,
 * up to {@link #BATCH_CHARS}; with a write delay, the first frame queued waits that long for others to join it. The
 * queue still holds frames, so the limits count frames and characters whichever way they leave. Other sessions get
 * one frame per text, at once.
 * <p>
 * It also keeps the session's vital signs for {@link OpenSessions}: when the peer was last heard from, and how long the
 * send in flight has taken. A peer that lets its queue fill up, or does not take a send within the send timeout, is
 * cut off with 1013 instead of being buffered without end.
 */
final class SessionOutbox implements Peer, SendHandler {

    private static final Logger LOG = Logger.getLogger(SessionOutbox.class.getName());
    private static final byte[] PING = {'p'};
    /**
     * The context class loader sends and pings run with. A frame is text by then, so no send needs the application's
     * loader, and with it Payara pays for a resource scan per frame: its Tyrus re-schedules the session's idle timer on
     * every send, and its managed executor captures the context of every task it is given, running a
     * {@code ServiceLoader} over the context loader (every jar of the WAR and of the server). With the platform loader
     * that scan finds nothing at once (docs/benchmarks.md has the measurements).
     */
    private static final ClassLoader SEND_LOADER = ClassLoader.getPlatformClassLoader();
    /**
     * The most characters (UTF-16 code units, as the outbox limits count) one batched text carries, newlines included,
     * unless its only frame is longer. Characters, not UTF-8 bytes: counting them needs no pass over the text.
     */
    static final int BATCH_CHARS = 64 * 1024;

    /** Runs a task once, after a delay: the write delay's timer. */
    @FunctionalInterface
    interface FlushTimer {
        void flushIn(Runnable flush, long delayNanos);
    }

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final long sendTimeout;
    private final long pingInterval;
    private final long idleTimeout;
    private final boolean batched;
    /** Zero unless batched. */
    private final long writeDelay;
    private final LongSupplier nanoTime;
    private final FlushTimer flushTimer;
    private final BiConsumer<SessionOutbox, CloseCause> closer;
    private final ChatMetrics metrics;
    private volatile String label;
    private volatile long lastHeard;

    // guarded by this
    private final FrameQueue queue;
    /** When the queue last went from empty to not empty (kept only with a write delay). */
    private long waitingSince;
    private boolean flushPending;
    private boolean inFlight;
    private long sendStarted;
    private boolean pingDue;
    private long lastPing;
    private boolean discarded;
    /** The thread inside sendText, so that a send completing on that same thread does not recurse into drain. */
    private Thread sendingThread;

    /**
     * @param flushTimer runs a batched session's delayed send (only with a write delay)
     * @param closer     asked to close this outbox's session, from any thread, possibly under locks: it must not close
     *                   inline
     */
    SessionOutbox(Session session, ParleyConfig config, ChatMetrics metrics, LongSupplier nanoTime,
                  FlushTimer flushTimer, BiConsumer<SessionOutbox, CloseCause> closer) {
        this.metrics = metrics;
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.queue = new FrameQueue(config);
        this.sendTimeout = TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMillis());
        this.pingInterval = TimeUnit.MILLISECONDS.toNanos(config.pingIntervalMillis());
        this.idleTimeout = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
        this.batched = ChatHandshake.BATCH.equals(session.getNegotiatedSubprotocol());
        this.writeDelay = batched ? TimeUnit.MILLISECONDS.toNanos(config.writeDelayMillis()) : 0;
        this.nanoTime = nanoTime;
        this.flushTimer = flushTimer;
        this.closer = closer;
        this.label = "session " + session.getId();
        this.lastHeard = nanoTime.getAsLong();
        this.lastPing = lastHeard;
    }

    /** Names the session in log lines from now on. */
    void label(String label) {
        this.label = label;
    }

    /** The peer sent something: a frame or a pong. */
    void heard() {
        lastHeard = nanoTime.getAsLong();
    }

    @Override
    public synchronized boolean offer(String frame) {
        if (discarded || queue.overflowed()) {
            return false;
        }
        boolean first = queue.isEmpty();
        if (!queue.add(frame)) {
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

    /** Starts sends until one is in flight or nothing is left. */
    private void sendQueued() {
        while (true) {
            String next = null;
            long wait = 0;
            synchronized (this) {
                if (queue.overflowed() && !discarded) {
                    discarded = true;
                    break;
                }
                if (discarded || inFlight || (!pingDue && queue.isEmpty())) {
                    return;
                }
                if (!pingDue) {
                    wait = batchWait();
                }
                if (wait > 0) {
                    if (flushPending) {
                        return;
                    }
                    flushPending = true;
                } else {
                    inFlight = true;
                    sendStarted = nanoTime.getAsLong();
                    if (pingDue) {
                        pingDue = false;
                    } else {
                        next = batched ? takeBatch() : queue.poll();
                        sendingThread = Thread.currentThread();
                    }
                }
            }
            if (wait > 0) {
                flushTimer.flushIn(this::flush, wait);
                return;
            }
            if (next == null) {
                sendPing();
                continue;
            }
            try {
                remote.sendText(next, this);
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            synchronized (this) {
                sendingThread = null;
                if (inFlight) {
                    return; // the send goes on asynchronously; onResult starts the next one
                }
            }
        }
        LOG.warning(() -> label + ": outbox full (" + queue.limits() + "), closing with " + CloseCause.TOO_SLOW.code());
        closer.accept(this, CloseCause.TOO_SLOW);
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
        return queue.chars() + queue.size() - 1 >= BATCH_CHARS;
    }

    /** The queued frames in order, joined by newlines, as many as fit in BATCH_CHARS; a longer first frame goes alone. */
    private String takeBatch() {
        String first = queue.poll();
        if (queue.isEmpty() || first.length() + 1 + queue.peek().length() > BATCH_CHARS) {
            return first;
        }
        long joined = first.length() + queue.chars() + queue.size();
        StringBuilder batch = new StringBuilder((int) Math.min(BATCH_CHARS, joined));
        batch.append(first);
        while (!queue.isEmpty() && batch.length() + 1 + queue.peek().length() <= BATCH_CHARS) {
            batch.append('\n').append(queue.poll());
        }
        return batch.toString();
    }

    /** The write delay is over: send what waited for it (or wait again, if the queue started over meanwhile). */
    private void flush() {
        synchronized (this) {
            flushPending = false;
        }
        drain();
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            failed(result.getException());
            return;
        }
        boolean sameThread;
        synchronized (this) {
            inFlight = false;
            sameThread = sendingThread == Thread.currentThread();
        }
        if (!sameThread) {
            drain();
        }
    }

    @Override
    public synchronized void discard() {
        discarded = true;
        pingDue = false;
        queue.clear();
    }

    @Override
    public void close(CloseCause cause) {
        closer.accept(this, cause);
    }

    /**
     * What the session needs at {@code now}: null when it is fine (a ping is queued if it has been quiet for a ping
     * interval), or why it must be closed: its send in flight is stuck, or nothing was heard from it for too long.
     */
    CloseCause check(long now) {
        boolean ping;
        synchronized (this) {
            if (discarded) {
                return null;
            }
            if (inFlight && now - sendStarted > sendTimeout) {
                return CloseCause.SEND_TIMEOUT;
            }
            if (now - lastHeard > idleTimeout) {
                return CloseCause.IDLE;
            }
            ping = now - lastHeard >= pingInterval && now - lastPing >= pingInterval;
            if (ping) {
                pingDue = true;
                lastPing = now;
            }
        }
        if (ping) {
            drain();
        }
        return null;
    }

    /** Drops the queue and closes the session with the cause's code and reason. */
    void closeSession(CloseCause cause) {
        discard();
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(cause.code()), cause.reason()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> label + ": closing with " + cause.code() + " failed");
        }
    }

    /** A ping is sent only with no text in flight (one writer); it is small and the socket was just writable. */
    private void sendPing() {
        try {
            remote.sendPing(ByteBuffer.wrap(PING));
        } catch (IOException | RuntimeException e) {
            failed(e);
            return;
        }
        synchronized (this) {
            inFlight = false;
        }
    }

    /** A connection that missed a frame must not go on as if it had not: it is closed, and recovers with since. */
    private void failed(Throwable cause) {
        discard();
        LOG.log(Level.FINE, cause, () -> label + ": send failed, dropping its outbox and closing");
        closer.accept(this, CloseCause.SEND_FAILED);
    }

    @Override
    public String toString() {
        return label;
    }
}
