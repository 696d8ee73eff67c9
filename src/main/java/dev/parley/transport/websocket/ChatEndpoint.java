package dev.parley.transport.websocket;

import dev.parley.application.ChatService;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.FrameDecoder;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.FrameSize;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code /chat} endpoint: one instance per connection, turning WebSocket events into {@link ChatService} calls.
 * <p>
 * It decodes frames itself rather than registering the decoder with the container: containers differ in what they do
 * with a decoder's exception, and the size limit must close with 1009 the same way on every server.
 * <p>
 * {@code @Dependent} makes it a CDI bean under {@code bean-discovery-mode="annotated"}: Open Liberty injects only into
 * endpoints that are beans (Weld-based servers inject either way). The container still makes one per connection.
 */
@Dependent
@ServerEndpoint(value = "/chat", configurator = ChatHandshake.class)
public class ChatEndpoint {

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

    private final FrameDecoder decoder = new FrameDecoder();

    @Inject
    ChatService chat;

    @Inject
    OpenSessions sessions;

    /** Null when the session was refused at open. */
    private OpenSessions.Live live;

    @OnOpen
    public void open(Session session) {
        // Lets containers that honour it stop buffering early; the check in message() is the one that counts.
        session.setMaxTextMessageBufferSize(chat.config().maxFrameBytes());
        live = sessions.open(session);
    }

    @OnMessage
    public void message(String text) {
        if (live == null) {
            return;
        }
        live.outbox().heard();
        if (FrameSize.exceeds(text, chat.config().maxFrameBytes())) {
            sessions.close(live, CloseCause.TOO_BIG);
            return;
        }
        try {
            chat.handle(live.connection(), decoder.decode(text));
        } catch (FrameException rejected) {
            chat.reject(live.connection(), rejected.code(), rejected.getMessage(), rejected.ref());
        }
    }

    /** Without a binary handler some containers drop binary messages silently; the protocol wants 1003. */
    @OnMessage
    public void binary(ByteBuffer data) {
        if (live != null) {
            sessions.close(live, CloseCause.BINARY);
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (live != null) {
            live.outbox().heard();
        }
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, failure, () -> (live == null ? "a session" : live.outbox()) + ": transport error");
    }

    @OnClose
    public void close(CloseReason reason) {
        chat.metrics().closed(reason.getCloseCode().getCode());
        if (live != null) {
            sessions.closed(live, reason);
        }
    }
}
