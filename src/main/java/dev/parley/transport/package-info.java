/**
 * What the transports share: each connection's single writer ({@link dev.parley.transport.Outbox}) behind a small
 * {@link dev.parley.transport.Wire}, the registry of open connections with the one close path
 * ({@link dev.parley.transport.OpenConnections}), which pages may connect ({@link dev.parley.transport.OriginPolicy}),
 * and how the page signs in ({@link dev.parley.transport.SignInServlet}). Each transport lives in a subpackage, as a
 * wire and what is its own: {@code websocket} ({@code /chat}) and {@code sse} (the fallback: Server-Sent Events down,
 * HTTP POST up).
 */
package dev.parley.transport;
