package dev.parley.application;

import java.util.Locale;

/** How a connection reaches this node. The chat treats every transport alike; metrics and the API count by it. */
public enum Transport {
    /** {@code /chat}. */
    WEBSOCKET(ChatMetrics.Origin.WEBSOCKET),
    /** Server-Sent Events down, HTTP POST up, for networks that refuse WebSocket. */
    FALLBACK(ChatMetrics.Origin.FALLBACK);

    private final ChatMetrics.Origin origin;

    Transport(ChatMetrics.Origin origin) {
        this.origin = origin;
    }

    /** What a message posted over this transport counts as. */
    ChatMetrics.Origin origin() {
        return origin;
    }

    /** The name in metrics and API answers: {@code websocket}, {@code fallback}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
