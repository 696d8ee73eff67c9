/**
 * The container's floor for the benchmark: a chat endpoint on the plain Jakarta WebSocket API, as any application
 * would write it (a map of rooms to member sets, one JSON encoding per broadcast, {@code getAsyncRemote().sendText}
 * to every member with one send in flight per connection), with none of Parley's code. It speaks what the load generator's fanout and rooms scenarios need:
 * {@code welcome}; {@code join} answered by {@code joined} (the room's seq); {@code message} answered by {@code ack}
 * to the sender, then the message with the room's next seq to every member (docs/benchmarks.md, "The floor").
 */
package dev.parley.floor;
