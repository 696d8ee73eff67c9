package dev.parley.broker;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.RoomSummary;
import java.util.List;

/**
 * The rooms' shared state and event stream. What every implementation owes the application (docs/architecture.md,
 * "Promises"):
 * <ul>
 *   <li>{@link #publish} numbers a room's messages 1, 2, 3... without gaps within an epoch, and hands every subscribed
 *       node the room's events in that order, each once;</li>
 *   <li>a {@link History} is a consistent cut: its messages are exactly those of the room up to its {@code seq};</li>
 *   <li>a {@link Presence} snapshot's {@code version} counts every presence change up to it, and events carry the
 *       version they made, so a node can tell which events a snapshot already holds;</li>
 *   <li>a message id that a user already had accepted in a room within the dedupe window is answered with the
 *       original message and published again to nobody;</li>
 *   <li>a room's rules (access, memberships, grants seen, bans) outlive its log: freeing an idle room keeps them;
 *       a ban is atomic with numbering: once {@link #remove} with {@link Removal#BANNED} returns, no post of that
 *       subject is numbered in the room.</li>
 * </ul>
 * Calls may block briefly (a remote broker waits for its answer) and may be made under the application's connection
 * locks, never under a room lock of the application. The handler may be called on the caller's thread, inside a call
 * (the memory broker delivers inline, under its own room lock): it only queues frames, never blocks or does I/O.
 */
public interface Broker extends ReadMarkers, AutoCloseable {

    /** Where this node's events go; called once, before the first subscribe. */
    void register(BrokerHandler handler);

    /** From when this returns, the room's events reach the handler. */
    void subscribe(RoomId room);

    /** The room's events stop reaching the handler. */
    void unsubscribe(RoomId room);

    /**
     * Numbers and records a message and delivers it to the room's subscribers, unless the post's user already had its
     * client id accepted within the dedupe window.
     *
     * @throws RoomLimitException when the room does not exist and no more rooms may be made
     * @throws BannedException    when the post's subject is banned from the room
     */
    Publication publish(Post post);

    /**
     * The message's current state (a tombstone when deleted), or null when the room does not hold the seq (never
     * numbered, or removed by retention). Its author never changes, so the application authorizes a change by it.
     */
    ChatMessage message(RoomId room, long seq);

    /**
     * Applies a change to a numbered message, atomically with numbering: the room's change counter (rev) goes up by
     * one, the change is recorded for good (archive or Redis) and then delivered as a {@link RoomEvent.Changed} in the
     * room's event order, after the messages numbered before it. The delete of a tombstone changes nothing: it answers
     * a {@link Changed#noop()} with the tombstone and its rev, and delivers nothing.
     *
     * @throws NoSuchMessageException     when the room does not hold the seq
     * @throws MessageDeletedException    for an edit of, or reaction to, a tombstone
     * @throws TooManyReactionsException  for a reaction that would make more than the allowed distinct emoji
     */
    Changed change(MessageChange change);

    /** A cut of the room's log; an unknown room answers an empty history of a new epoch, and is not made. */
    History history(RoomId room, HistoryQuery query);

    /**
     * Adds a member connection to the room's presence, making the room if needed, and tells the subscribers when its
     * user (its subject) was not present before.
     *
     * @throws RoomLimitException when the room does not exist and no more rooms may be made
     */
    Presence join(RoomId room, Member member);

    /** Removes a member connection, telling the subscribers when it was its user's last. */
    Presence leave(RoomId room, Member member);

    /** Tells the subscribers that the member is typing; nothing is kept. */
    void typing(RoomId room, Member member);

    /** The room's rules; a room nobody set any for answers {@link RoomRules#defaults}. */
    RoomRules rules(RoomId room);

    /**
     * Makes the room public or private. Making it private is followed by a {@link RoomEvent.Removed} with
     * {@link Removal#REVOKED} for every user, so that each node takes out the connections it no longer admits.
     */
    void setAccess(RoomId room, RoomAccess access);

    /**
     * Gives the subject a role in the room (a membership), or takes its membership away ({@code role} null). Taking it
     * away is followed by a {@link RoomEvent.Removed} with {@link Removal#REVOKED} for the subject.
     *
     * @return whether the subject had a membership before
     */
    boolean setMember(RoomId room, String subject, Role role);

    /** Records the role the subject's token granted it on joining (null: none), for others' moderation checks. */
    void recordGrant(RoomId room, String subject, Role role);

    /**
     * Takes the subject's connections out of the room on every node: a {@link RoomEvent.Removed} in the room's event
     * order. A ban is recorded first, atomically with numbering. With {@link Removal#REVOKED} (subject null: every
     * user), nodes take out only the connections the room's rules no longer admit.
     *
     * @return for a ban, whether the subject was not banned before; for a kick, true
     */
    boolean remove(RoomId room, String subject, Removal removal);

    /** @return whether the subject was banned */
    boolean unban(RoomId room, String subject);

    /**
     * The room's messages below {@code before} that contain every word of {@code query} (whole words, any case),
     * newest first, at most {@code limit}; none when the query has no word.
     *
     * @throws UnsupportedOperationException when this broker keeps no archive to search
     */
    default List<ChatMessage> search(RoomId room, String query, long before, int limit) {
        throw new UnsupportedOperationException("search needs the server's archive");
    }

    /** Every room with its present names and latest seq, by name. */
    List<RoomSummary> rooms();

    /** Frees rooms that have had no member and no message for the configured time; answers how many. */
    int freeIdleRooms();

    /** How the broker is doing now; cheap, for every health check. */
    BrokerStatus status();

    /** Lets go of connections and threads; the broker is not used again. */
    @Override
    void close();
}
