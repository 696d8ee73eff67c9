/**
 * The fallback transport for networks that refuse WebSocket: one Server-Sent Events stream per connection
 * ({@code GET /fallback/stream}) carries the server's frames, HTTP POSTs ({@code POST /fallback/send}) carry the
 * client's, for the connection named by the token the stream sent first. Same frames, same {@code ChatService}, same
 * single writer per connection ({@code transport.Outbox}) as {@code /chat} (docs/protocol.md, "Fallback transport").
 * <p>
 * Plain servlets with non-blocking output ({@code WriteListener}), not Jakarta REST's {@code SseEventSink}: the sink
 * tells nobody when a client leaves, and its implementations write on the caller's thread (Jersey, in Payara) or
 * block in {@code close} until queued events are flushed (RESTEasy, in WildFly and Liberty), which a writer that must
 * never wait for a slow client cannot use. A servlet's {@code isReady()} and {@code onWritePossible} make the
 * stream's wire ({@code StreamWire}) on every server.
 */
package dev.parley.transport.sse;
