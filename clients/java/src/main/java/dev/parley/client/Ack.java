package dev.parley.client;

import java.time.Instant;

/**
 * The server's confirmation of a message: it is recorded in {@code room} as {@code seq}.
 *
 * @param id the client id the message was sent with (null for a publish without one)
 * @param room the room
 * @param seq its place in the room's order
 * @param ts when the server took it, null when the server did not say
 */
public record Ack(String id, String room, long seq, Instant ts) {
}
