/**
 * The WebSocket transport: the thin {@code /chat} endpoint and each session's outbox. The only package that uses the
 * Jakarta WebSocket session API.
 */
package dev.parley.transport.websocket;
