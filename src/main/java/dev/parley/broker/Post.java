package dev.parley.broker;

import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;

/**
 * A message to record.
 *
 * @param clientId the sender's id for it, or null (then it is never taken for a duplicate)
 * @param origin   the connection that sent it, or null (the HTTP API)
 */
public record Post(RoomId room, UserName user, String text, String clientId, String origin) {
}
