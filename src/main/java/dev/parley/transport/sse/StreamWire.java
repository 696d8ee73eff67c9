package dev.parley.transport.sse;

import dev.parley.protocol.CloseCause;
import dev.parley.transport.Sent;
import dev.parley.transport.Wire;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An event stream as an outbox's wire, on the Servlet API's non-blocking output. A send is written and flushed on a
 * container thread, never the caller's (see {@link Output#dispatch}), each call once the response takes more
 * ({@code isReady()}); when it does not, the container's {@link #onWritePossible()} goes on, and the send stays in flight
 * meanwhile, which is what the outbox's send timeout measures. A keepalive is a comment line. The end is a last
 * {@code close} event when the client reads, then the response ends.
 */
final class StreamWire implements Wire, WriteListener {

    private static final Logger LOG = Logger.getLogger(StreamWire.class.getName());

    private final Output out;
    private final Runnable step = this::step;

    // guarded by this
    /** The text to write once the response takes it. */
    private String text;
    /** Written and not yet flushed. */
    private boolean flushDue;
    /** Who hears when the text is written and flushed: the outbox of the send in flight, or of its opening. */
    private Sent done;
    /** A step runs, or waits for onWritePossible: a send hands it its text instead of starting another. */
    private boolean running;
    /** The container has called onWritePossible once: before that, nothing may be written. */
    private boolean started;
    /** The close event is on its way: the response ends after it. */
    private boolean ending;
    private boolean ended;
    /** A step waits for onWritePossible: the client is not reading. */
    private boolean waiting;
    /** An end asked while a step was writing: its close event follows that write. */
    private CloseCause endAfterWrite;

    StreamWire(Output out) {
        this.out = out;
    }

    /** The outbox's opening send: reported when the container first makes the response writable. */
    synchronized void opening(Sent outbox) {
        done = outbox;
    }

    @Override
    public void send(String text, Sent done) {
        synchronized (this) {
            this.text = text;
            this.done = done;
            if (running || !started || ended) {
                return;
            }
            running = true;
        }
        dispatch();
    }

    @Override
    public void ping(Sent done) {
        send(Events.HEARTBEAT, done);
    }

    /** The container says the response takes more: the first time, or after a step found it did not. */
    @Override
    public void onWritePossible() {
        synchronized (this) {
            started = true;
            running = true;
            waiting = false;
        }
        step();
    }

    /** The container failed a write (mostly: the client went away). */
    @Override
    public void onError(Throwable failure) {
        fail(failure);
    }

    /**
     * Tells the client why in a last {@code close} event, written after the send under way, then ends the response. A
     * client that does not read (a send waits for it, it was too slow, its writes fail) gets no last word.
     */
    @Override
    public void end(CloseCause cause) {
        boolean lastWord;
        synchronized (this) {
            if (ended || ending || endAfterWrite != null) {
                return;
            }
            boolean toldWhy = !cause.isSlowConsumer() && !cause.isClientGone();
            if (toldWhy && running && !waiting) {
                endAfterWrite = cause; // the step under way writes the close event after its write
                return;
            }
            lastWord = started && !running && toldWhy;
            if (lastWord) {
                ending = true;
                running = true;
                text = Events.close(cause);
                done = null;
            } else {
                ended = true;
            }
        }
        if (lastWord) {
            dispatch();
        } else {
            out.end();
        }
    }

    private void dispatch() {
        try {
            out.dispatch(step);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Writes, flushes and reports while the response takes it; one step at a time ({@code running}). */
    private void step() {
        try {
            while (true) {
                Sent report = null;
                boolean endNow = false;
                synchronized (this) {
                    if (ended) {
                        running = false;
                        return;
                    }
                    if (text == null && !flushDue && done == null && endAfterWrite != null) {
                        text = Events.close(endAfterWrite);
                        endAfterWrite = null;
                        ending = true;
                    } else if (text == null && !flushDue) {
                        report = done;
                        done = null;
                        endNow = report == null && ending;
                        ended = endNow;
                        running = report != null;
                        if (report == null && !endNow) {
                            return;
                        }
                    }
                }
                if (endNow) {
                    out.end();
                    return;
                }
                if (report != null) {
                    report.sent();
                    continue;
                }
                if (!out.isReady()) {
                    boolean giveUp;
                    synchronized (this) {
                        giveUp = endAfterWrite != null; // a client that stopped reading gets no last word
                        endAfterWrite = null;
                        ended |= giveUp;
                        running = !giveUp;
                        waiting = !giveUp;
                    }
                    if (giveUp) {
                        out.end();
                    }
                    return; // otherwise onWritePossible goes on
                }
                String next;
                synchronized (this) {
                    next = text;
                    text = null;
                    flushDue = next != null;
                }
                if (next == null) {
                    out.flush(); // buffered output goes out before the send reports
                } else {
                    out.write(next);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable failure) {
        Sent report;
        boolean closing;
        synchronized (this) {
            running = false;
            report = done;
            done = null;
            closing = (ending || endAfterWrite != null) && !ended;
            endAfterWrite = null;
            ended |= closing;
        }
        if (report != null) {
            report.failed(failure);
        }
        if (closing) {
            LOG.log(Level.FINE, failure, () -> "the close event was not written");
            out.end();
        }
    }
}
