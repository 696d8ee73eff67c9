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

    /** A message was edited, deleted or reacted to; {@code changed.rev()} orders it among the room's changes. */
    record Changed(dev.parley.domain.Changed changed) implements RoomEvent {
        @Override
        public RoomId room() {
            return changed.room();
        }
    }

    /**
     * A user (a subject) arrived in the room with its first connection or left it with its last.
     *
     * @param members the count of users (distinct subjects) after the change
     * @param version the room's presence version after the change
     * @param origin  the connection whose join or leave made the change
     */
    record PresenceChanged(RoomId room, boolean arrived, UserName name, String subject, int members, long version,
                           String origin) implements RoomEvent {
    }

    /** A member is typing; it goes to every member connection of another user. */
    record Typing(RoomId room, UserName name, String subject) implements RoomEvent {
    }

    /**
     * The room's stream cannot go on without a hole for some members: messages were lost or can no longer be read
     * (trimmed, or the store lost its data or made the room anew). From here the stream passes on the messages of
     * {@code epoch} after {@code seq}: a member whose messages are of that epoch up to {@code seq} or later misses
     * nothing and stays; every other member must rejoin with {@code since} and {@code epoch}, and learn from
     * {@code recovered} whether it missed anything.
     *
     * @param epoch the room instance the stream goes on in; null when no member can go on
     * @param seq   the last seq of that epoch the stream does not pass on
     */
    record Reset(RoomId room, String reason, String epoch, long seq) implements RoomEvent {

        /** Whether a member with the messages of {@code memberEpoch} up to {@code memberSeq} misses nothing. */
        public boolean keeps(String memberEpoch, long memberSeq) {
            return epoch != null && epoch.equals(memberEpoch) && memberSeq >= seq;
        }
    }

    /**
     * A moderator or the operator removed a user, or the room's rules changed: on every node, the connections it
     * concerns leave the room at once, each told {@code left} with the reason, and the others see it leave. A kick or
     * ban takes out the subject's connections; {@link Removal#REVOKED} makes each node read the room's rules and take
     * out the connections (of the subject, or any when it is null) that the rules no longer admit.
     *
     * @param subject the user concerned, or null for every user (only with {@link Removal#REVOKED})
     */
    record Removed(RoomId room, String subject, Removal removal) implements RoomEvent {
    }

    /**
     * A user's read marker in the room moved forward: its other connections here (in the room or watching it) learn it.
     *
     * @param unread the user's unread count at the new marker
     * @param origin the connection that read (it is not told), or null
     */
    record Read(RoomId room, String subject, long seq, long unread, String origin) implements RoomEvent {
    }
}
