package dev.parley.broker;

import dev.parley.domain.ChatMessage;

/**
 * What a publish did.
 *
 * @param message   the message as recorded: the new one, or the original one when {@code duplicate}
 * @param duplicate true when the user's client id had been accepted before: nothing was recorded or delivered
 */
public record Publication(ChatMessage message, String epoch, boolean duplicate) {
}
