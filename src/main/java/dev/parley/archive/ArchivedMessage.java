package dev.parley.archive;

import dev.parley.domain.ChatMessage;

/** A message to keep, with the epoch of the room instance that numbered it. */
public record ArchivedMessage(ChatMessage message, String epoch) {
}
