package dev.parley.floor;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A room's members and its seq. A join and a broadcast each run under the room's lock, so every member gets the
 * messages in seq order, starting right after the seq its {@code joined} carried; the benchmark's rooms have one
 * sender each, so the lock is never contended there. Sends are not bounded: each is handed to the container's async
 * remote at once, as a plain application does, and the container queues what the socket has not taken yet (Undertow
 * and Tyrus queue; Open Liberty makes the caller wait while the connection has a write outstanding).
 */
final class Room {

    private static final Logger LOG = Logger.getLogger(Room.class.getName());

    /** Shared by every send: a failed send is the client going away, which its close then handles. */
    private static final SendHandler SENT = result -> {
        if (!result.isOK()) {
            LOG.log(Level.FINE, "send failed", result.getException());
        }
    };

    private final Set<Session> members = ConcurrentHashMap.newKeySet();
    private long seq; // guarded by this

    /** Adds {@code member} (again: no change) and sends it {@code joined} with the room's current seq. */
    synchronized void join(Session member, LongFunction<String> joinedFrame) {
        members.add(member);
        send(member, joinedFrame.apply(seq));
    }

    void leave(Session member) {
        members.remove(member);
    }

    /** Takes the next seq, acknowledges it to {@code sender}, then sends the message, encoded once, to every member. */
    synchronized void publish(Session sender, LongFunction<String> ack, LongFunction<String> message) {
        long next = ++seq;
        send(sender, ack.apply(next));
        String text = message.apply(next);
        for (Session member : members) {
            send(member, text);
        }
    }

    static void send(Session to, String text) {
        try {
            to.getAsyncRemote().sendText(text, SENT);
        } catch (IllegalStateException e) { // closed since it was looked up: its close removes it from the room
            LOG.log(Level.FINE, "send to closed session " + to.getId(), e);
        }
    }
}
