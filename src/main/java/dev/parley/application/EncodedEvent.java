package dev.parley.application;

/**
 * A room's event encoded once for its members, with its position in the room's stream: a message's epoch and seq, a
 * presence change's version or a message change's rev (then the others are 0, and the epoch null).
 */
record EncodedEvent(String epoch, long seq, long presenceVersion, long rev, String frame) {
}
