package dev.parley.transport.websocket;

import dev.parley.application.ChatMetrics;
import dev.parley.application.Peer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A session's single writer: a queue bounded by frames and characters, and at most one asynchronous send in flight;
 * the next send starts when the previous one completes. A peer that lets its queue fill up is closed with 1013
 * (try again later) instead of being buffered without end.
 */
final class SessionOutbox implements Peer, SendHandler {

    private static final Logger LOG = Logger.getLogger(SessionOutbox.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final int maxFrames;
    private final long maxChars;
    private final String label;
    private final ChatMetrics metrics;

    // guarded by this
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long queuedChars;
    private boolean inFlight;
    private boolean overflowed;
    private boolean discarded;
    /** The thread inside sendText, so that a send completing on that same thread does not recurse into drain. */
    private Thread sendingThread;

    SessionOutbox(Session session, int maxFrames, long maxChars, String label, ChatMetrics metrics) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
        this.label = label;
        this.metrics = metrics;
    }

    @Override
    public synchronized boolean offer(String frame) {
        if (discarded || overflowed) {
            return false;
        }
        if (queue.size() >= maxFrames || queuedChars + frame.length() > maxChars) {
            overflowed = true;
            queue.clear();
            queuedChars = 0;
            return true;
        }
        queue.add(frame);
        queuedChars += frame.length();
        metrics.outboxDepth(queue.size());
        return !inFlight;
    }

    @Override
    public void drain() {
        while (true) {
            String next;
            synchronized (this) {
                if (overflowed && !discarded) {
                    discarded = true;
                    break;
                }
                if (discarded || inFlight || queue.isEmpty()) {
                    return;
                }
                next = queue.poll();
                queuedChars -= next.length();
                inFlight = true;
                sendingThread = Thread.currentThread();
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
        cutOff();
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
        queue.clear();
        queuedChars = 0;
    }

    private void failed(Throwable cause) {
        discard();
        LOG.log(Level.FINE, cause, () -> label + ": send failed, dropping its outbox");
    }

    private void cutOff() {
        metrics.slowConsumerCut();
        LOG.warning(() -> label + ": outbox full (" + maxFrames + " frames or " + maxChars
                + " characters), closing with 1013");
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow to keep up"));
        } catch (IOException e) {
            LOG.log(Level.FINE, e, () -> label + ": close after overflow failed");
        }
    }
}
