package dev.parley.protocol;

/** The limits a client should respect, announced in {@link ServerFrame.Welcome}. */
public record ClientLimits(int maxTextChars, int maxFrameBytes, int messagesPerSecond) {
}
