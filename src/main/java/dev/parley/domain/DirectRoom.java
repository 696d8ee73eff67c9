package dev.parley.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The room of a direct conversation between two users: {@code dm.} and the first 40 hex digits of the SHA-256 of the
 * two subjects, sorted and joined by a line feed (which no subject contains). Both users find the same room whoever
 * asks, and the id tells nothing of who they are. Every room whose name starts with {@code dm.} is reserved:
 * private from the start, joined only by the two members the {@code direct} frame records.
 */
public final class DirectRoom {

    public static final String PREFIX = "dm.";
    private static final int HEX_DIGITS = 40;

    private DirectRoom() {
    }

    /** The conversation's room; the order of the two subjects does not matter. */
    public static RoomId between(String subject, String other) {
        String first = subject.compareTo(other) <= 0 ? subject : other;
        String second = first == subject ? other : subject;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((first + "\n" + second).getBytes(StandardCharsets.UTF_8));
            return new RoomId(PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether the room's name is reserved for a direct conversation. */
    public static boolean isDirect(RoomId room) {
        return room.value().startsWith(PREFIX);
    }
}
