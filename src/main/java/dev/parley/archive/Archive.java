package dev.parley.archive;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A durable store of every room's messages. A message it has written ({@link #write} returned) survives a crash of
 * the process; each room's messages are numbered by the caller, gapless, and stored once by (room, seq). Every call
 * may block for I/O: never call it holding a lock. Failures throw {@link ArchiveException}.
 */
public interface Archive extends AutoCloseable {

    /**
     * The room's epoch, latest seq and latest messages, and the messages with a client id since {@code idsSince}.
     *
     * @return {@link StoredRoom#NONE} when the archive has no message of the room
     */
    StoredRoom load(RoomId room, int latest, Instant idsSince, int maxIds);

    /** Stores the messages, and each room's epoch and latest seq, in one transaction: all of them or none. */
    void write(List<ArchivedMessage> batch);

    /** The last at most {@code limit} messages of the room with a seq below {@code seq}, oldest first. */
    List<ChatMessage> before(RoomId room, long seq, int limit);

    /** The room's messages with a seq above {@code seq}, at most {@code limit}, oldest first. */
    List<ChatMessage> after(RoomId room, long seq, int limit);

    /** The message's current state (reactions included), or null when the archive does not hold it. */
    ChatMessage message(RoomId room, long seq);

    /**
     * Records a change of a stored message and the room's change counter ({@code changed.rev()}) in one transaction,
     * durably: a change is written before it is delivered. A delete erases the message's text and reactions at once.
     *
     * @param at when the change happened (a reaction's time)
     */
    void writeChange(Changed changed, Instant at);

    /**
     * The current state of the room's messages with a seq up to {@code seq} whose last change is after {@code rev},
     * oldest seq first, at most {@code limit}.
     */
    List<ChatMessage> changedAfter(RoomId room, long rev, long seq, int limit);

    /**
     * The room's messages below {@code before} that contain every word of {@code words} (whole words, case-insensitive),
     * newest first, at most {@code limit}; never a deleted one.
     */
    List<ChatMessage> search(RoomId room, List<String> words, long before, int limit);

    /** Every room's rules that differ from the defaults, as {@link #writeRule} left them. */
    Map<RoomId, RoomRules> rules();

    /** One room's rules as {@link #writeRule} left them; {@link RoomRules#defaults} when it has none. */
    default RoomRules rules(RoomId room) {
        return rules().getOrDefault(room, RoomRules.defaults(room));
    }

    /** Stores one change of the room's rules, durably: a change is written before it takes effect. */
    void writeRule(RoomId room, RuleChange change);

    /** The subject's read markers, room to seq; empty when it has none. */
    Map<RoomId, Long> markers(String subject);

    /**
     * Stores read markers in one transaction: each key's seq replaces the one stored, and a negative seq removes the
     * key's marker.
     */
    void writeMarkers(Map<MarkerKey, Long> markers);

    /**
     * How many of the room's messages with a seq in ({@code afterSeq}, {@code uptoSeq}] are unread for the subject:
     * not its own (by subject, or by name for messages without one), not deleted.
     */
    long countUnread(RoomId room, String subject, long afterSeq, long uptoSeq);

    /** Removes messages older than {@code cutoff}, keeping each room's epoch and numbering; answers how many. */
    int removeOlderThan(Instant cutoff);

    /** Throws unless the store answers now. */
    void check();

    /** {@code postgresql}, {@code h2} or {@code jdbc}. */
    String type();

    /** Where it is, for logs and {@code /health}: never a password. */
    String describe();

    @Override
    void close();
}
