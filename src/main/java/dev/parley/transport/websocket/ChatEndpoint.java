package dev.parley.transport.websocket;

import dev.parley.application.ChatService;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.FrameDecoder;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.TextAssembly;
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
 * with a decoder's exception, and the size limit must close with 1009 the same way on every server. For the same
 * reason it takes text in parts and assembles messages itself: WildFly and Open Liberty do not apply
 * {@code maxTextMessageBufferSize} while a message is still arriving, and buffered endless continuation frames until
 * the heap ran out.
 * <p>
 * The container makes one per connection through {@link ChatHandshake#getEndpointInstance}, which hands each the
 * deployment's {@link Shared} parts: no CDI bean per connection (creating and injecting one cost every connect, and
 * kept a creational context per connection alive), and one thread-safe decoder for all.
 */
@ServerEndpoint(value = "/chat", subprotocols = ChatHandshake.BATCH, configurator = ChatHandshake.class)
public class ChatEndpoint {

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

    /** What every connection's endpoint uses, made once per deployment. */
    record Shared(ChatService chat, OpenSessions sessions, ParleyConfig config, FrameDecoder decoder) {
    }

    private ChatService chat;
    private OpenSessions sessions;
    private ParleyConfig config;
    private FrameDecoder decoder;
    private TextAssembly assembly;

    /** Null when the session was refused at open. */
    private OpenSessions.Live live;

    /**
     * Only for containers that check at deployment that an annotated endpoint has one (Open Liberty refuses the
     * deployment otherwise); every connection's endpoint comes from {@link ChatHandshake#getEndpointInstance}.
     */
    public ChatEndpoint() {
    }

    ChatEndpoint(Shared shared) {
        this.chat = shared.chat();
        this.sessions = shared.sessions();
        this.config = shared.config();
        this.decoder = shared.decoder();
    }

    @OnOpen
    public void open(Session session) {
        if (chat == null) {
            throw new IllegalStateException("ChatEndpoint made without ChatHandshake.getEndpointInstance");
        }
        // Lets containers that honour it stop buffering early; the check in message() is the one that counts.
        session.setMaxTextMessageBufferSize(config.maxFrameBytes());
        assembly = new TextAssembly(config.maxFrameBytes());
        live = sessions.open(session);
    }

    /** A part of a text message: most messages come in one. */
    @OnMessage
    public void message(String part, boolean last) {
        if (live == null) {
            return;
        }
        live.outbox().heard();
        switch (assembly.add(part, last)) {
            case INCOMPLETE -> { }
            case TOO_BIG -> sessions.close(live, CloseCause.TOO_BIG);
            case COMPLETE -> handle(assembly.message());
        }
    }

    private void handle(String text) {
        try {
            chat.handle(live.connection(), decoder.decode(text));
        } catch (FrameException rejected) {
            chat.reject(live.connection(), rejected.code(), rejected.getMessage(), rejected.ref());
        }
    }

    /**
     * Without a binary handler some containers drop binary messages silently; the protocol wants 1003. In parts, so
     * that the close comes with the first one rather than after the container buffered the whole message.
     */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
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
        sessions.closed(live, reason);
    }
}
