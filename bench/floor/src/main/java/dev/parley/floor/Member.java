package dev.parley.floor;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's sends: one async send in flight, the others queued without bound, the next started when the last
 * completes. The spec lets a container refuse a second async send while one is in flight, and Open Liberty does (it
 * threw the frames away in a run that sent them at once), so a portable application sends one at a time; Undertow and
 * Tyrus would queue them. A completion that arrives while {@code sendText} is still running, on this thread or
 * another, leaves the next send to the loop that called it, so a container that completes sends inline never recurses.
 */
final class Member implements SendHandler {

    private static final Logger LOG = Logger.getLogger(Member.class.getName());
    private static final int CALLING = 0;
    private static final int COMPLETED_IN_CALL = 1;
    private static final int IN_FLIGHT = 2;

    private final Session session;
    private final Queue<String> queued = new ConcurrentLinkedQueue<>();
    /** Some thread owns the sending: it is in {@link #sendQueued} or a send of its is in flight. */
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicInteger call = new AtomicInteger(IN_FLIGHT);

    Member(Session session) {
        this.session = session;
    }

    void send(String text) {
        queued.add(text);
        if (sending.compareAndSet(false, true)) {
            sendQueued();
        }
    }

    /** Runs while this thread owns the sending; returns when the queue is empty or a send is in flight. */
    private void sendQueued() {
        while (true) {
            String next = queued.poll();
            if (next == null) {
                sending.set(false);
                // a send queued after the poll found sending taken and left its text to this loop
                if (queued.isEmpty() || !sending.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            call.set(CALLING);
            try {
                session.getAsyncRemote().sendText(next, this);
            } catch (IllegalStateException e) { // closed: its close takes it out of its rooms
                LOG.log(Level.FINE, "send to closed session " + session.getId(), e);
                continue;
            }
            if (call.compareAndSet(CALLING, IN_FLIGHT)) {
                return; // its completion goes on
            }
        }
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            LOG.log(Level.FINE, "send to session " + session.getId() + " failed", result.getException());
        }
        if (!call.compareAndSet(CALLING, COMPLETED_IN_CALL)) {
            sendQueued();
        }
    }
}
