/**
 * The WebSocket transport: the thin {@code /chat} endpoint and each session's wire ({@code sendText}, ping, close
 * frame) under the shared outbox. The only package that uses the Jakarta WebSocket session API.
 */
package dev.parley.transport.websocket;
