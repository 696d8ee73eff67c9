package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.config.ArchiveConfig;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every archive owes the read markers: markers kept per (subject, room), replaced and removed in one write,
 * surviving a reopen; unread counted over a seq range without the subject's own messages and deleted ones. Run nested
 * in each database's archive test, on the archive its {@code ArchiveContract} opened.
 */
abstract class MarkerArchiveContract {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final RoomId DEV = new RoomId("dev");
    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

    abstract Archive archive();

    /** The settings of the same archive, to open it again. */
    abstract ArchiveConfig sameArchive();

    private static Map<MarkerKey, Long> markers(Object... keysAndSeqs) {
        Map<MarkerKey, Long> markers = new HashMap<>();
        for (int i = 0; i < keysAndSeqs.length; i += 3) {
            markers.put(new MarkerKey((RoomId) keysAndSeqs[i], (String) keysAndSeqs[i + 1]),
                    (Long) keysAndSeqs[i + 2]);
        }
        return markers;
    }

    @Test
    void markersAreKeptPerSubjectReplacedRemovedAndSurviveAReopen() {
        assertEquals(Map.of(), archive().markers("ada"));

        Archive archive = archive();
        archive.writeMarkers(markers(LOBBY, "ada", 3L, DEV, "ada", 0L, LOBBY, "bob", 7L));
        archive.writeMarkers(markers(LOBBY, "ada", 5L, DEV, "bob", 1L));
        archive.writeMarkers(markers(DEV, "bob", -1L, LOBBY, "bob", -1L, LOBBY, "nobody", -1L));
        archive.writeMarkers(Map.of());

        assertEquals(Map.of(LOBBY, 5L, DEV, 0L), archive.markers("ada"));
        assertEquals(Map.of(), archive.markers("bob"));
        try (Archive again = ArchiveSource.open(sameArchive())) {
            assertEquals(Map.of(LOBBY, 5L, DEV, 0L), again.markers("ada"));
        }
    }

    @Test
    void unreadCountsOtherAuthorsMessagesInTheRangeThatAreNotDeleted() {
        UserName ada = new UserName("ada");
        UserName bob = new UserName("bob");
        List<ChatMessage> messages = List.of(
                new ChatMessage(LOBBY, 1, null, bob, "b1", T0),
                new ChatMessage(LOBBY, 2, null, ada, "a2", T0), // open mode: the name is the author
                new ChatMessage(LOBBY, 3, null, ada, "x3", T0, "sub-x"), // named ada, another user
                new ChatMessage(LOBBY, 4, null, bob, "b4", T0),
                new ChatMessage(LOBBY, 5, null, bob, "b5", T0),
                new ChatMessage(DEV, 1, null, bob, "elsewhere", T0));
        Archive archive = archive();
        archive.write(messages.stream().map(message -> new ArchivedMessage(message, "e1")).toList());
        archive.writeChange(new Changed(new MessageChange.Delete(LOBBY, 4), 1, messages.get(3).tombstone(1),
                false, false), T0);

        assertEquals(3, archive.countUnread(LOBBY, "ada", 0, 5), "1, 3 and 5");
        assertEquals(3, archive.countUnread(LOBBY, "sub-x", 0, 5), "1, 2 and 5: 3 is its own");
        assertEquals(1, archive.countUnread(LOBBY, "ada", 1, 3), "3");
        assertEquals(0, archive.countUnread(LOBBY, "ada", 5, 5));
        assertEquals(0, archive.countUnread(new RoomId("empty"), "ada", 0, 10));
    }
}
