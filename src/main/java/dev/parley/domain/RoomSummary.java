package dev.parley.domain;


/**
 * A room at one moment.
 *
 * @param members the users (distinct subjects) present, as {@code presence.members} counts them
 * @param seq     the latest seq, 0 before the first message
 */
public record RoomSummary(RoomId room, int members, long seq) implements Comparable<RoomSummary> {

    @Override
    public int compareTo(RoomSummary other) {
        return room.compareTo(other.room);
    }
}
