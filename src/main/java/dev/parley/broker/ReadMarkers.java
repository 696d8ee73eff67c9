package dev.parley.broker;

import dev.parley.domain.RoomId;
import java.util.List;

/**
 * Where each user stopped reading each room: a read marker per (room, subject), the seq of the last message the user
 * has seen. The rooms a subject has a marker in are the user's room list. What every broker owes:
 * <ul>
 *   <li>a marker only moves forward, and never past the room's latest seq;</li>
 *   <li>unread counts are exact: the messages {@code m} with {@code marker < m.seq <= latest} whose author is not the
 *       user and that are not deleted (a broker that keeps no archive counts messages older than its window as
 *       unread whoever wrote them);</li>
 *   <li>a moved marker reaches the room's subscribers as a {@link RoomEvent.Read}, in the room's event order;</li>
 *   <li>markers are durable behind: a crash may move one back by what was read in the last second, never forward.</li>
 * </ul>
 * Calls may block briefly and may be made under a connection's monitor, never under a room lock of the application.
 */
public interface ReadMarkers {

    /**
     * Moves the subject's marker in the room forward to {@code min(seq, latest)}, making it when absent.
     *
     * @param origin the connection that read, or null: its {@link RoomEvent.Read} names it, so that it is not told
     * @return the marker and unread count after the call, and whether the marker moved (a seq at or below the marker
     *         does nothing and delivers nothing)
     */
    ReadState markRead(RoomId room, String subject, long seq, String origin);

    /** The subject's marker and unread count; a subject without a marker gets one at the room's latest seq (a join). */
    ReadState readState(RoomId room, String subject);

    /** Takes the subject's marker away: it left the room for good (leave, kick, ban, revoked access). */
    void forget(RoomId room, String subject);

    /** Gives the subject a marker at the room's latest seq when it has none, so the room is in its list (direct). */
    void belong(RoomId room, String subject);

    /**
     * The rooms the subject has a marker in, with their latest seq, marker, unread count and last message, newest
     * activity first (by latest message; rooms without messages last, by name).
     */
    List<RoomView> roomsOf(String subject);
}
