package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ArchiveConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.UserName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every archive owes the chat; each database runs it ({@code H2ArchiveTest}, {@code PostgresArchiveTest}).
 */
abstract class ArchiveContract {

    static final RoomId LOBBY = new RoomId("lobby");
    static final RoomId OTHER = new RoomId("other");
    static final UserName ADA = new UserName("ada");
    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

    Archive archive;

    /** The settings of a fresh, empty archive of this kind. */
    abstract ArchiveConfig freshArchive() throws Exception;

    @BeforeEach
    void open() throws Exception {
        archive = ArchiveSource.open(freshArchive());
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    static ChatMessage message(RoomId room, long seq, String text) {
        return new ChatMessage(room, seq, "c" + seq, ADA, text, T0.plusSeconds(seq));
    }

    static List<ArchivedMessage> messages(RoomId room, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(seq -> new ArchivedMessage(message(room, seq, "text " + seq),
                "epoch-" + room)).toList();
    }

    @Test
    void roomRulesAreKeptFactByFact() {
        assertEquals(Map.of(), archive.rules());
        String longSubject = "s".repeat(255);
        archive.writeRule(LOBBY, RuleChange.access(RoomAccess.PRIVATE));
        archive.writeRule(LOBBY, RuleChange.member("ada", Role.MEMBER));
        archive.writeRule(LOBBY, RuleChange.member("ada", Role.OWNER));
        archive.writeRule(LOBBY, RuleChange.member("bob", Role.MEMBER));
        archive.writeRule(LOBBY, RuleChange.member("bob", null));
        archive.writeRule(LOBBY, RuleChange.member("nobody", null));
        archive.writeRule(LOBBY, RuleChange.grant("cy", Role.MODERATOR));
        archive.writeRule(LOBBY, RuleChange.ban(longSubject, true));
        archive.writeRule(LOBBY, RuleChange.ban("eve", true));
        archive.writeRule(LOBBY, RuleChange.ban("eve", false));
        archive.writeRule(OTHER, RuleChange.ban("ada", true));

        assertEquals(Map.of(
                LOBBY, new RoomRules(RoomAccess.PRIVATE, Map.of("ada", Role.OWNER), Map.of("cy", Role.MODERATOR),
                        Set.of(longSubject)),
                OTHER, RoomRules.defaults(OTHER).withBan("ada", true)), archive.rules());
    }

    @Test
    void aRoomNeverWrittenIsUnknown() {
        assertEquals(StoredRoom.NONE, archive.load(LOBBY, 50, T0, 100));
    }

    @Test
    void aLoadedRoomHasItsEpochLatestSeqLatestMessagesAndRecentIds() {
        archive.write(messages(LOBBY, 1, 5));
        archive.write(messages(LOBBY, 6, 8));
        archive.write(messages(OTHER, 1, 2));

        StoredRoom room = archive.load(LOBBY, 3, T0.plusSeconds(7), 100);

        assertEquals("epoch-lobby", room.epoch());
        assertEquals(8, room.lastSeq());
        assertEquals(List.of(message(LOBBY, 6, "text 6"), message(LOBBY, 7, "text 7"), message(LOBBY, 8, "text 8")),
                room.latest());
        assertEquals(List.of(7L, 8L), room.withIds().stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(8L), archive.load(LOBBY, 3, T0, 1).withIds().stream().map(ChatMessage::seq).toList());
    }

    @Test
    void textComesBackExactly() {
        List<String> texts = List.of("plain", "back\\slash \\0 and \\\\", "nul \0 inside\0", "emoji 🎉 and ü ß 漢字",
                "line\nbreak\ttab", "\\", "x".repeat(4000), "NULL", "{a,b}", "\"quoted\", 'single'", " spaced ");
        List<ArchivedMessage> batch = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            batch.add(new ArchivedMessage(new ChatMessage(LOBBY, i + 1, null, new UserName("Zoë 🎉"), texts.get(i),
                    T0), "e"));
        }
        archive.write(batch);

        List<ChatMessage> read = archive.after(LOBBY, 0, 100);

        assertEquals(batch.stream().map(ArchivedMessage::message).toList(), read);
        assertNull(read.get(0).clientId());
    }

    @Test
    void clientIdsAndNamesThatLookLikeSyntaxComeBackExactly() {
        List<String> ids = List.of("NULL", "null", "{x}", "a,b", "\"q\"", "back\\slash", " ");
        List<ArchivedMessage> batch = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            batch.add(new ArchivedMessage(new ChatMessage(LOBBY, i + 1, ids.get(i), new UserName("NULL"), "text",
                    T0), "e"));
        }
        archive.write(batch);

        assertEquals(batch.stream().map(ArchivedMessage::message).toList(), archive.after(LOBBY, 0, 100));
    }

    @Test
    void timesKeepTheirMilliseconds() {
        Instant ts = Instant.parse("2026-11-23T10:15:30.987Z");
        archive.write(List.of(new ArchivedMessage(new ChatMessage(LOBBY, 1, null, ADA, "hi", ts), "e")));

        assertEquals(ts, archive.after(LOBBY, 0, 1).get(0).ts());
    }

    @Test
    void pagesGoBackToTheFirstMessageByKey() {
        for (long from = 1; from <= 1200; from += 300) {
            archive.write(messages(LOBBY, from, from + 299));
        }
        List<Long> seen = new ArrayList<>();
        long before = 1201;
        while (true) {
            List<ChatMessage> page = archive.before(LOBBY, before, 200);
            if (page.isEmpty()) {
                break;
            }
            List<Long> seqs = page.stream().map(ChatMessage::seq).toList();
            assertEquals(LongStream.range(before - page.size(), before).boxed().toList(), seqs);
            seen.addAll(0, seqs);
            before = seqs.get(0);
        }
        assertEquals(LongStream.rangeClosed(1, 1200).boxed().toList(), seen);
        assertEquals(List.of(1200L), archive.after(LOBBY, 1199, 10).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(11L, 12L), archive.after(LOBBY, 10, 2).stream().map(ChatMessage::seq).toList());
    }

    @Test
    void aGroupIsWrittenWholeOrNotAtAll() {
        archive.write(messages(LOBBY, 1, 3));
        List<ArchivedMessage> clash = new ArrayList<>(messages(OTHER, 1, 2));
        clash.addAll(messages(LOBBY, 3, 4));

        assertThrows(ArchiveException.class, () -> archive.write(clash));

        assertEquals(StoredRoom.NONE, archive.load(OTHER, 10, T0, 10));
        assertEquals(3, archive.load(LOBBY, 10, T0, 10).lastSeq());
    }

    @Test
    void aPageOverAHoleInTheNumberingHoldsTheMessagesBelowIt() {
        archive.write(messages(LOBBY, 1, 10));
        archive.write(messages(LOBBY, 15, 20));

        assertEquals(List.of(7L, 8L, 9L, 10L, 15L, 16L, 17L, 18L, 19L, 20L),
                archive.before(LOBBY, 21, 10).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(16L, 17L, 18L, 19L, 20L),
                archive.before(LOBBY, 21, 5).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(1L, 2L, 3L), archive.before(LOBBY, 4, 10).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(), archive.before(LOBBY, 1, 10));
        assertEquals(List.of(9L, 10L, 15L, 16L, 17L, 18L, 19L, 20L),
                archive.load(LOBBY, 8, T0, 0).latest().stream().map(ChatMessage::seq).toList());
    }

    @Test
    void aGroupOfInterleavedRoomsKeepsEachRoomsMessagesAndLatestSeq() {
        List<ArchivedMessage> group = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            group.addAll(messages(LOBBY, seq, seq));
            group.addAll(messages(OTHER, seq + 10, seq + 10));
        }
        group.add(new ArchivedMessage(new ChatMessage(LOBBY, 6, null, ADA, "no id", T0), "epoch-lobby"));

        archive.write(group);

        StoredRoom lobby = archive.load(LOBBY, 10, T0, 10);
        assertEquals(6, lobby.lastSeq());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), lobby.latest().stream().map(ChatMessage::seq).toList());
        assertNull(lobby.latest().get(5).clientId());
        assertEquals(5, lobby.withIds().size());
        assertEquals(15, archive.load(OTHER, 10, T0, 10).lastSeq());
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L),
                archive.after(OTHER, 0, 10).stream().map(ChatMessage::seq).toList());
    }

    @Test
    void searchFindsWholeWordsInAnyCaseNewestFirst() {
        List<String> texts = List.of("The cat sat", "a category of things", "CAT and dog", "dog only", "Cats!",
                "the dog and the cat", "cat");
        List<ArchivedMessage> batch = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            batch.add(new ArchivedMessage(message(LOBBY, i + 1, texts.get(i)), "e"));
        }
        batch.add(new ArchivedMessage(message(OTHER, 1, "cat in another room"), "e"));
        archive.write(batch);

        assertEquals(List.of(7L, 6L, 3L, 1L), seqs(archive.search(LOBBY, Words.of("cat"), Long.MAX_VALUE, 10)));
        assertEquals(List.of(6L, 3L), seqs(archive.search(LOBBY, Words.of("Dog CAT"), Long.MAX_VALUE, 10)));
        assertEquals(List.of(3L, 1L), seqs(archive.search(LOBBY, Words.of("cat"), 6, 10)));
        assertEquals(List.of(7L), seqs(archive.search(LOBBY, Words.of("cat"), Long.MAX_VALUE, 1)));
        assertEquals(List.of(), seqs(archive.search(LOBBY, Words.of("elephant"), Long.MAX_VALUE, 10)));
        assertEquals(List.of(), seqs(archive.search(LOBBY, Words.of("  !? "), Long.MAX_VALUE, 10)));
        assertEquals(List.of(), seqs(archive.search(LOBBY, Words.of("% _ ' \\"), Long.MAX_VALUE, 10)));
    }

    @Test
    void removingOldMessagesKeepsTheRoomsNumbering() {
        archive.write(messages(LOBBY, 1, 10));

        assertEquals(4, archive.removeOlderThan(T0.plusSeconds(5)));
        StoredRoom room = archive.load(LOBBY, 100, T0, 100);

        assertEquals("epoch-lobby", room.epoch());
        assertEquals(10, room.lastSeq());
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), seqs(room.latest()));
        assertEquals(10, archive.removeOlderThan(T0.plus(1, ChronoUnit.DAYS)) + 4);
        assertEquals(10, archive.load(LOBBY, 100, T0, 100).lastSeq());
    }

    @Test
    void openingAgainFindsTheSchemaCurrent() throws Exception {
        archive.write(messages(LOBBY, 1, 2));
        try (Archive again = ArchiveSource.open(sameArchive())) {
            assertEquals(2, again.load(LOBBY, 10, T0, 10).lastSeq());
        }
    }

    @Test
    void checkAnswersWhileTheDatabaseIsThere() {
        archive.check();
        assertTrue(archive.describe().length() > 0);
    }

    /** The settings of the archive {@link #freshArchive()} made last. */
    abstract ArchiveConfig sameArchive();

    static List<Long> seqs(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::seq).toList();
    }
}
