package dev.parley.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.broker.MessageChanges;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every archive owes message changes and authors' subjects; run nested in each database's archive test, on the
 * archive its {@code ArchiveContract} opened.
 */
abstract class ArchiveChangesContract {

    private static final RoomId LOBBY = ArchiveContract.LOBBY;
    private static final UserName ADA = ArchiveContract.ADA;
    private static final Instant T0 = ArchiveContract.T0;
    private static final String THUMBS = "\uD83D\uDC4D";

    abstract Archive archive();

    private static ArchivedMessage bySubject(long seq, String text, String subject) {
        return new ArchivedMessage(new ChatMessage(LOBBY, seq, "c" + seq, ADA, text, T0.plusSeconds(seq), subject),
                "epoch-lobby");
    }

    /** Applies the change to the stored message as a broker does, and writes it. */
    private Changed change(MessageChange change, long rev) {
        Changed changed = MessageChanges.apply(change, archive().message(change.room(), change.seq()), rev,
                T0.plusSeconds(100 + rev));
        archive().writeChange(changed, T0.plusSeconds(100 + rev));
        return changed;
    }

    @Test
    void messagesKeepTheirAuthorsSubject() {
        archive().write(List.of(bySubject(1, "one", "sub-1"), bySubject(2, "two", null), bySubject(3, "3", "ada")));

        List<ChatMessage> read = archive().after(LOBBY, 0, 10);
        assertEquals("sub-1", read.get(0).subject());
        assertNull(read.get(1).subject());
        assertNull(read.get(2).subject(), "a subject equal to the name is not kept twice");
        assertEquals(List.of("sub-1", "ada", "ada"), archive().load(LOBBY, 10, T0, 10).withIds().stream()
                .map(ChatMessage::author).toList(), "the dedupe memory is loaded by author");
    }

    @Test
    void changesAreWrittenAndReadBack() {
        archive().write(List.of(bySubject(1, "one", "s"), bySubject(2, "two", "s"), bySubject(3, "three", "s")));

        Changed edit = change(new MessageChange.Edit(LOBBY, 1, "s", "one, edited"), 1);
        change(new MessageChange.React(LOBBY, 2, "bob", new UserName("bob"), THUMBS), 2);
        change(new MessageChange.React(LOBBY, 2, "cy", new UserName("cy"), ":tada:"), 3);
        change(new MessageChange.React(LOBBY, 2, "ada", ADA, THUMBS), 4);
        change(new MessageChange.React(LOBBY, 2, "cy", new UserName("cy"), ":tada:"), 5);
        change(new MessageChange.React(LOBBY, 3, "bob", new UserName("bob"), THUMBS), 6);
        change(new MessageChange.Delete(LOBBY, 3), 7);

        assertEquals(edit.message(), archive().message(LOBBY, 1));
        assertEquals("one, edited", archive().message(LOBBY, 1).text());
        assertEquals(T0.plusSeconds(101), archive().message(LOBBY, 1).editedAt());
        ChatMessage reacted = archive().message(LOBBY, 2);
        assertEquals(Map.of(THUMBS, List.of("bob", "ada")), reacted.reactions().asMap());
        assertEquals(5, reacted.rev());
        ChatMessage tombstone = archive().message(LOBBY, 3);
        assertTrue(tombstone.deleted());
        assertTrue(tombstone.reactions().isEmpty());
        assertEquals("s", tombstone.author());
        assertNull(archive().message(LOBBY, 4));

        assertEquals(7, archive().load(LOBBY, 10, T0, 10).lastRev());
        assertEquals(3, archive().load(LOBBY, 10, T0, 10).lastSeq(), "numbering stays");
        assertEquals(archive().after(LOBBY, 0, 10), archive().load(LOBBY, 10, T0, 10).latest());
        assertEquals(List.of(2L, 3L), ArchiveContract.seqs(archive().changedAfter(LOBBY, 4, 3, 10)));
        assertEquals(List.of(1L, 2L), ArchiveContract.seqs(archive().changedAfter(LOBBY, 0, 2, 10)));
        assertEquals(List.of(1L), ArchiveContract.seqs(archive().changedAfter(LOBBY, 0, 3, 1)));
        assertEquals(List.of(), archive().changedAfter(LOBBY, 7, 3, 10));
    }

    @Test
    void aDeletedMessagesTextIsGoneFromSearch() {
        archive().write(List.of(bySubject(1, "secret plan", "s"), bySubject(2, "public plan", "s")));
        assertEquals(2, archive().search(LOBBY, List.of("plan"), Long.MAX_VALUE, 10).size());

        change(new MessageChange.Delete(LOBBY, 1), 1);
        change(new MessageChange.Edit(LOBBY, 2, "s", "public idea"), 2);

        assertEquals(List.of(), archive().search(LOBBY, List.of("secret"), Long.MAX_VALUE, 10));
        assertEquals(List.of(), archive().search(LOBBY, List.of("plan"), Long.MAX_VALUE, 10), "search reads the edit");
        assertEquals(List.of(2L), ArchiveContract.seqs(archive().search(LOBBY, List.of("idea"), Long.MAX_VALUE, 10)));
    }

    @Test
    void aChangeWrittenAgainWritesTheSameRows() {
        archive().write(List.of(bySubject(1, "one", "s")));
        Changed on = change(new MessageChange.React(LOBBY, 1, "bob", new UserName("bob"), THUMBS), 1);

        archive().writeChange(on, T0.plusSeconds(200)); // its commit seemed to fail, and it is made again
        change(new MessageChange.Edit(LOBBY, 1, "s", "one!"), 2);

        ChatMessage message = archive().message(LOBBY, 1);
        assertEquals(Map.of(THUMBS, List.of("bob")), message.reactions().asMap());
        assertEquals("one!", message.text());
        assertEquals(2, archive().load(LOBBY, 10, T0, 10).lastRev());
    }

    @Test
    void aChangeOfAMessageNotStoredFails() {
        archive().write(List.of(bySubject(1, "one", "s")));
        assertThrows(ArchiveException.class, () -> archive().writeChange(new Changed(
                new MessageChange.Delete(LOBBY, 2), 1, new ChatMessage(LOBBY, 2, null, ADA, "x", T0).tombstone(1),
                false, false), T0));
        assertEquals(0, archive().load(LOBBY, 10, T0, 10).lastRev(), "nothing of a failed change is kept");
    }
}
