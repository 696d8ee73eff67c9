package dev.parley.transport;

import dev.parley.protocol.CloseCause;

/**
 * One connection's way to the client, as its {@link Outbox} drives it: a WebSocket session or an event stream. The
 * outbox calls one method at a time and starts a send only once the previous one has reported, so a wire needs no
 * queue and no state of its own beyond the send it carries.
 */
public interface Wire {

    /**
     * Starts sending {@code text}. Reports to {@code done} exactly once, on any thread, possibly before returning. Never
     * waits for the client.
     */
    void send(String text, Sent done);

    /** Sends a keepalive (a WebSocket ping, an event stream's comment line); reports to {@code done} like a send. */
    void ping(Sent done);

    /** Ends the connection, telling the client {@code cause}'s code and reason where the wire can. Called once. */
    void end(CloseCause cause);
}
