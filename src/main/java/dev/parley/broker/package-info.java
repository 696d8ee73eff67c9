/**
 * What the nodes of a Parley deployment share about rooms: each room's numbered log (seq, epoch, history, the memory
 * of client message ids for effectively-once sends), its presence, and the stream of events that every node
 * subscribed to the room receives. {@link dev.parley.broker.Broker} is the seam; {@code memory} is the one-node
 * implementation and the default. The application above it knows no implementation, and nothing here knows
 * connections, frames or the WebSocket API.
 */
package dev.parley.broker;
