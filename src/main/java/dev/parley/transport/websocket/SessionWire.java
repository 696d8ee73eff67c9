package dev.parley.transport.websocket;

import dev.parley.protocol.CloseCause;
import dev.parley.transport.Sent;
import dev.parley.transport.Wire;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session as an outbox's wire: a text goes out with {@code sendText(text, handler)}, whose handler reports
 * it; a keepalive is a ping; the end is a close frame with the cause's code and reason.
 */
final class SessionWire implements Wire, SendHandler {

    private static final Logger LOG = Logger.getLogger(SessionWire.class.getName());
    private static final byte[] PING = {'p'};

    private final Session session;
    private final RemoteEndpoint.Async remote;
    /**
     * Who hears of the send in flight (always the same outbox). Plain: the container hands this handler to the thread
     * that reports, which publishes what was written before the send.
     */
    private Sent done;

    SessionWire(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
    }

    @Override
    public void send(String text, Sent done) {
        this.done = done;
        remote.sendText(text, this);
    }

    @Override
    public void onResult(SendResult result) {
        if (result.isOK()) {
            done.sent();
        } else {
            done.failed(result.getException());
        }
    }

    /** Sent only with no text in flight (one writer); a ping is small and the socket was just writable. */
    @Override
    public void ping(Sent done) {
        try {
            remote.sendPing(ByteBuffer.wrap(PING));
        } catch (IOException | RuntimeException e) {
            done.failed(e);
            return;
        }
        done.sent();
    }

    @Override
    public void end(CloseCause cause) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(cause.code()), cause.reason()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "session " + session.getId() + ": closing with " + cause.code() + " failed");
        }
    }
}
