/**
 * What the transports share: which pages may connect ({@link dev.parley.transport.OriginPolicy}). Each transport
 * lives in a subpackage: {@code websocket} ({@code /chat}) and {@code sse} (the fallback: Server-Sent Events down,
 * HTTP POST up).
 */
package dev.parley.transport;
