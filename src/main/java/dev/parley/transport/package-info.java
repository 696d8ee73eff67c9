/**
 * What the transports share: which pages may connect ({@link dev.parley.transport.OriginPolicy}), how the page signs
 * in ({@link dev.parley.transport.SignInServlet}). Each transport
 * lives in a subpackage: {@code websocket} ({@code /chat}) and {@code sse} (the fallback: Server-Sent Events down,
 * HTTP POST up).
 */
package dev.parley.transport;
