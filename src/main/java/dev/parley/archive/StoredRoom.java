package dev.parley.archive;

import dev.parley.domain.ChatMessage;
import java.util.List;

/**
 * What the archive holds of a room when it is loaded into memory.
 *
 * @param epoch   the room's epoch, or null when the archive has never stored a message of it
 * @param lastSeq the room's latest seq, 0 when none
 * @param latest  its latest messages, oldest first
 * @param withIds its messages with a client id not older than the asked time, oldest first (for the dedupe memory)
 * @param lastRev the room's change counter, 0 when no message of it ever changed
 */
public record StoredRoom(String epoch, long lastSeq, List<ChatMessage> latest, List<ChatMessage> withIds,
                         long lastRev) {

    public StoredRoom {
        latest = List.copyOf(latest);
        withIds = List.copyOf(withIds);
    }

    /** A room whose messages never changed. */
    public StoredRoom(String epoch, long lastSeq, List<ChatMessage> latest, List<ChatMessage> withIds) {
        this(epoch, lastSeq, latest, withIds, 0);
    }

    /** A room the archive has never seen. */
    public static final StoredRoom NONE = new StoredRoom(null, 0, List.of(), List.of());
}
