package dev.parley.broker;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;

/** Something that happened in a room, as the broker hands it to every subscribed node. */
public sealed interface RoomEvent {

    RoomId room();

    /**
     * A message was numbered and recorded.
     *
     * @param origin the connection that posted it (it gets the ack), or null
     */
    record Published(ChatMessage message, String epoch, String origin) implements RoomEvent {
        @Override
        public RoomId room() {
            return message.room();
        }
    }

    /**
     * A name arrived in the room or left it.
     *
     * @param members the count of distinct names after the change
     * @param version the room's presence version after the change
     * @param origin  the connection whose join or leave made the change
     */
    record PresenceChanged(RoomId room, boolean arrived, UserName name, int members, long version, String origin)
            implements RoomEvent {
    }

    /** A member is typing; it goes to every member of another name. */
    record Typing(RoomId room, UserName name) implements RoomEvent {
    }

    /**
     * The room's stream cannot go on without a hole: messages were lost or can no longer be read (trimmed, or the store
     * lost its data). Its members must rejoin with {@code since} and {@code epoch}, and learn from {@code recovered}
     * whether they missed anything.
     */
    record Reset(RoomId room, String reason) implements RoomEvent {
    }

    /**
     * A moderator or the operator removed a user: its connections on every node leave the room at once, each told
     * {@code left} with the reason, and the others see it leave.
     */
    record Removed(RoomId room, String subject, Removal removal) implements RoomEvent {
    }
}
