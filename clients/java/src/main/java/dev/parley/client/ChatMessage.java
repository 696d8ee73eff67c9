package dev.parley.client;

import java.time.Instant;

/**
 * A message of a room, as the server numbered it; also a {@link RoomEvent}: each reaches a room's listeners once.
 *
 * @param room the room
 * @param seq its place in the room's order, from 1
 * @param id the sender's client id, null when it sent none
 * @param user the sender's name
 * @param text the text
 * @param ts when the server took it, null when the server did not say
 */
public record ChatMessage(String room, long seq, String id, String user, String text, Instant ts) implements RoomEvent {
}
