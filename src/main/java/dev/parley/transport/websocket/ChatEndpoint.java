package dev.parley.transport.websocket;

import dev.parley.application.ChatService;
import dev.parley.application.Connection;
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
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
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
@ServerEndpoint("/chat")
public class ChatEndpoint {

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

    private final FrameDecoder decoder = new FrameDecoder();

    @Inject
    ChatService chat;

    private Session session;
    private Connection connection;

    @OnOpen
    public void open(Session session) {
        this.session = session;
        // Lets containers that honour it stop buffering early; the check in message() is the one that counts.
        session.setMaxTextMessageBufferSize(chat.config().maxFrameBytes());
        connection = chat.connect(new SessionOutbox(session, chat.config().outboxFrames(),
                chat.config().outboxBytes(), "session " + session.getId(), chat.metrics()));
    }

    @OnMessage
    public void message(String text) throws IOException {
        if (FrameSize.exceeds(text, chat.config().maxFrameBytes())) {
            session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG,
                    "frame larger than " + chat.config().maxFrameBytes() + " bytes"));
            return;
        }
        try {
            chat.handle(connection, decoder.decode(text));
        } catch (FrameException rejected) {
            chat.reject(connection, rejected.code(), rejected.getMessage(), rejected.ref());
        }
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, failure, () -> connection + ": transport error");
    }

    @OnClose
    public void close(CloseReason reason) {
        chat.metrics().closed(reason.getCloseCode().getCode());
        if (connection != null) {
            LOG.fine(() -> connection + " closed with " + reason.getCloseCode().getCode());
            chat.disconnect(connection);
        }
    }
}
