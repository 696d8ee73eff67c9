package dev.parley.transport.websocket;

import dev.parley.application.ChatService;
import dev.parley.application.LogText;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.FrameDecoder;
import dev.parley.transport.OriginPolicy;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The {@code /chat} handshake: refuses pages from foreign origins ({@link OriginPolicy}), selects the
 * {@value #BATCH} subprotocol for clients that offer it, negotiates no extension unless permessage-deflate is
 * switched on, and makes each connection's {@link ChatEndpoint} with the deployment's shared parts, looked up in CDI
 * once.
 * <p>
 * The standard gives {@link #checkOrigin} only the Origin header, not the Host it must match. It refuses what is never
 * acceptable (the container answers 403); the rest is decided in {@link #modifyHandshake}, which sees the whole
 * request: a refusal there throws {@link OriginRefused} before the container answers 101, and the container then
 * answers with an error status or drops the connection (Tyrus on Grizzly does the latter).
 */
public class ChatHandshake extends ServerEndpointConfig.Configurator {

    /** The subprotocol of clients that take several frames per message, one per line (docs/protocol.md, Batching). */
    static final String BATCH = "parley.batch";

    private static final Logger LOG = Logger.getLogger(ChatHandshake.class.getName());

    private volatile ParleyConfig config;
    private volatile OriginPolicy policy;
    private volatile ChatEndpoint.Shared shared;

    /** Refuses (403) what no Host can make acceptable: {@code null}, malformed or non-web origins. */
    @Override
    public boolean checkOrigin(String origin) {
        boolean plausible = origin == null || OriginPolicy.isWebOrigin(origin);
        if (!plausible) {
            LOG.warning(() -> "refused a WebSocket handshake from origin " + LogText.quote(origin));
        }
        return plausible;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        String origin = header(request.getHeaders(), "Origin");
        String host = header(request.getHeaders(), "Host");
        String scheme = request.getRequestURI() == null ? null : request.getRequestURI().getScheme();
        if (!policy().allows(origin, host, scheme)) {
            LOG.warning(() -> "refused a WebSocket handshake from origin " + LogText.quote(origin) + " to host "
                    + LogText.quote(host) + " (see parley.allowedOrigins)");
            throw new OriginRefused(origin);
        }
    }

    /**
     * Decided here rather than left to the container's default configurator, so that every server selects the same:
     * {@value #BATCH} when offered, else none (no {@code Sec-WebSocket-Protocol} in the answer, as before batching).
     */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(BATCH) ? BATCH : "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return config().permessageDeflate() ? super.getNegotiatedExtensions(installed, requested) : List.of();
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != ChatEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        return endpointClass.cast(new ChatEndpoint(shared()));
    }

    private ChatEndpoint.Shared shared() {
        if (shared == null) {
            CDI<Object> cdi = CDI.current();
            shared = new ChatEndpoint.Shared(cdi.select(ChatService.class).get(), cdi.select(OpenSessions.class).get(),
                    config(), new FrameDecoder());
        }
        return shared;
    }

    private OriginPolicy policy() {
        if (policy == null) {
            policy = new OriginPolicy(config().allowedOrigins(), config().allowMissingOrigin());
        }
        return policy;
    }

    private ParleyConfig config() {
        if (config == null) {
            config = CDI.current().select(ParleyConfig.class).get();
        }
        return config;
    }

    /** Header names are case-insensitive; containers differ in how they store them. */
    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    /** Thrown from the handshake to refuse it: every container then answers with an error status instead of 101. */
    static final class OriginRefused extends RuntimeException {
        OriginRefused(String origin) {
            super("origin not allowed: " + LogText.quote(origin), null, false, false);
        }
    }
}
