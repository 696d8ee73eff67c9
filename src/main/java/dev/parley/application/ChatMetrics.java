package dev.parley.application;

import dev.parley.protocol.ErrorCode;

/**
 * What the chat reports about itself as it runs. {@link #NONE} ignores everything (unit tests); the deployment uses
 * the Micrometer implementation in {@code dev.parley.metrics}. Every method must be cheap and must never throw: they
 * are called under the chat's locks.
 */
public interface ChatMetrics {

    /** Where a published message came from. */
    enum Origin {
        WEBSOCKET, HTTP, FALLBACK
    }

    ChatMetrics NONE = new ChatMetrics() {
    };

    /** Lets the implementation read live figures (connections, members, rooms) from the chat. */
    default void observe(ChatService chat) {
    }

    default void connectionOpened() {
    }

    default void connectionClosed() {
    }

    /** A client frame arrived; {@code type} is its type, or {@code "invalid"} when it could not be decoded. */
    default void frameIn(String type) {
    }

    /** A message was numbered and recorded in a room. */
    default void published(Origin origin) {
    }

    /** A message was a resend of one recorded before (same user, same client id): it was acked, not recorded. */
    default void duplicate(Origin origin) {
    }

    /** A message frame was queued for {@code recipients} member connections here, taking {@code nanos} to queue. */
    default void fannedOut(int recipients, long nanos) {
    }

    /** An error frame was sent, or an HTTP request refused, with this code. */
    default void error(ErrorCode code) {
    }

    /** A message was refused for its connection's rate. */
    default void rateLimited() {
    }

    /** A WebSocket connection closed with this close code. */
    default void closed(int code) {
    }

    /** A connection's outbox overflowed and the connection is cut off. */
    default void slowConsumerCut() {
    }

    /** A fallback connection's event stream ended with this close code (the one its {@code close} event names). */
    default void streamClosed(int code) {
    }

    /** A POST to the fallback's send endpoint was answered with this HTTP status. */
    default void fallbackPost(int status) {
    }

    /** A frame was queued in an outbox that now holds {@code frames} frames. */
    default void outboxDepth(int frames) {
    }
}
