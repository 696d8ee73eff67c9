package dev.parley.client;

import java.util.List;

/** What a room tells its listeners ({@link Room#addListener}): one record per kind. */
public sealed interface RoomEvent permits ChatMessage, RoomEvent.Joined, RoomEvent.Presence, RoomEvent.Typing,
        RoomEvent.Left, RoomEvent.Failed {

    /**
     * The room was joined on a connection: the first time, and after each reconnect.
     *
     * @param recovered every message missed since the last join came back (nothing is missing)
     * @param reset the room started over or too much was missed: the messages held were dropped first
     * @param members the names in the room
     * @param seq the room's latest seq
     * @param epoch the room's epoch (what a rejoin resumes in)
     */
    record Joined(String room, boolean recovered, boolean reset, List<String> members, long seq, String epoch)
            implements RoomEvent {
    }

    /** Someone came ({@code join}) or went ({@code leave}); {@code members} is the names present after it. */
    record Presence(String room, String event, String user, List<String> members) implements RoomEvent {
    }

    /** {@code user} is typing. */
    record Typing(String room, String user) implements RoomEvent {
    }

    /** The connection is out of the room: a moderator's {@code kicked} or {@code banned}, or null for a leave. */
    record Left(String room, String reason) implements RoomEvent {
    }

    /** The server refused something about the room that no returned stage reports (a join, a gap request). */
    record Failed(String room, ParleyException error) implements RoomEvent {
    }
}
