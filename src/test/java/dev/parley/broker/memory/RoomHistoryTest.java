package dev.parley.broker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RoomHistoryTest {

    // --- add and latest ---

    @Test
    void latestOfAnEmptyHistoryIsEmpty() {
        assertEquals(List.of(), seqs(new RoomHistory(5).latest(50)));
    }

    @Test
    void latestGivesEveryMessageWhenThereAreFewerThanTheLimit() {
        assertEquals(List.of(1L, 2L, 3L), seqs(historyOf(10, 3).latest(50)));
    }

    @Test
    void latestGivesTheNewestMessagesOldestFirst() {
        assertEquals(List.of(7L, 8L, 9L, 10L), seqs(historyOf(10, 10).latest(4)));
    }

    @Test
    void latestGivesExactlyTheLimit() {
        assertEquals(List.of(3L, 4L, 5L), seqs(historyOf(10, 5).latest(3)));
    }

    @Test
    void keepsTheMessagesItWasGiven() {
        RoomHistory history = new RoomHistory(3);
        ChatMessage message = message(1);
        history.add(message);

        assertEquals(List.of(message), history.latest(1));
    }

    @Test
    void wrapsAroundKeepingOnlyTheLastCapacityMessages() {
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs(historyOf(5, 12).latest(50)));
    }

    @Test
    void latestAfterWrapAroundGivesTheNewest() {
        assertEquals(List.of(11L, 12L), seqs(historyOf(5, 12).latest(2)));
    }

    @Test
    void wrapsAroundManyTimes() {
        assertEquals(List.of(1001L, 1002L, 1003L), seqs(historyOf(3, 1003).latest(50)));
    }

    @Test
    void refusesASeqGap() {
        RoomHistory history = historyOf(5, 2);

        assertThrows(IllegalStateException.class, () -> history.add(message(4)));
        assertEquals(List.of(1L, 2L), seqs(history.latest(50)));
    }

    @Test
    void refusesARepeatedSeq() {
        RoomHistory history = historyOf(5, 2);

        assertThrows(IllegalStateException.class, () -> history.add(message(2)));
    }

    @Test
    void refusesAGapAfterWrapAround() {
        RoomHistory history = historyOf(3, 7);

        assertThrows(IllegalStateException.class, () -> history.add(message(9)));
        assertEquals(List.of(5L, 6L, 7L), seqs(history.latest(50)));
    }

    // --- before ---

    @Test
    void beforeGivesTheMessagesJustBelowTheSeq() {
        assertEquals(List.of(3L, 4L, 5L), seqs(historyOf(20, 10).before(6, 3)));
    }

    @Test
    void beforeGivesEveryOlderMessageWhenFewerThanTheLimit() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(historyOf(20, 10).before(6, 50)));
    }

    @Test
    void beforeBeyondTheNewestGivesTheLatest() {
        assertEquals(List.of(8L, 9L, 10L), seqs(historyOf(20, 10).before(100, 3)));
        assertEquals(List.of(10L), seqs(historyOf(20, 10).before(11, 1)));
    }

    @Test
    void beforeTheFirstSeqIsEmpty() {
        assertEquals(List.of(), seqs(historyOf(20, 10).before(1, 50)));
        assertEquals(List.of(), seqs(historyOf(20, 10).before(0, 50)));
    }

    @Test
    void beforeOnAnEmptyHistoryIsEmpty() {
        assertEquals(List.of(), seqs(new RoomHistory(5).before(10, 50)));
    }

    @Test
    void beforeAfterWrapAroundGivesOnlyKeptMessages() {
        RoomHistory history = historyOf(5, 12); // keeps 8..12

        assertEquals(List.of(8L, 9L), seqs(history.before(10, 50)));
        assertEquals(List.of(10L), seqs(history.before(11, 1)));
    }

    @Test
    void beforeOlderThanTheOldestKeptIsEmpty() {
        RoomHistory history = historyOf(5, 12); // keeps 8..12

        assertEquals(List.of(), seqs(history.before(8, 50)));
        assertEquals(List.of(), seqs(history.before(3, 50)));
    }

    // --- after (recovery) ---

    @Test
    void afterTheLatestSeqIsEmpty() {
        assertEquals(List.of(), historyOf(10, 5).after(5, 5));
    }

    @Test
    void afterASeqAheadOfTheLatestIsUnknown() {
        assertNull(historyOf(10, 5).after(6, 5));
    }

    @Test
    void afterASeqAheadOfAnEmptyRoomIsUnknown() {
        assertNull(new RoomHistory(10).after(3, 0));
    }

    @Test
    void afterGivesExactlyTheMissedMessages() {
        assertEquals(List.of(3L, 4L, 5L), seqs(historyOf(10, 5).after(2, 5)));
    }

    @Test
    void afterZeroGivesTheWholeHistoryFromSeqOne() {
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(historyOf(10, 4).after(0, 4)));
    }

    @Test
    void afterZeroOnAnEmptyRoomIsEmpty() {
        assertEquals(List.of(), new RoomHistory(10).after(0, 0));
    }

    @Test
    void afterJustBeforeTheOldestKeptIsCovered() {
        RoomHistory history = historyOf(5, 12); // keeps 8..12

        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs(history.after(7, 12)));
    }

    @Test
    void afterTwoBeforeTheOldestKeptIsNotCovered() {
        assertNull(historyOf(5, 12).after(6, 12));
    }

    @Test
    void afterAFullRingFromSeqOneIsCovered() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(historyOf(5, 5).after(0, 5)));
    }

    @Test
    void afterZeroOnceSeqOneIsDroppedIsNotCovered() {
        assertNull(historyOf(5, 6).after(0, 6));
    }

    @Test
    void afterInsideAWrappedRingGivesTheTail() {
        assertEquals(List.of(11L, 12L), seqs(historyOf(5, 12).after(10, 12)));
    }

    // --- helpers ---

    private static RoomHistory historyOf(int capacity, int messages) {
        RoomHistory history = new RoomHistory(capacity);
        LongStream.rangeClosed(1, messages).forEach(seq -> history.add(message(seq)));
        return history;
    }

    private static ChatMessage message(long seq) {
        return new ChatMessage(new RoomId("lobby"), seq, null, new UserName("ada"), "m" + seq,
                Instant.parse("2026-11-23T10:15:30.123Z"));
    }

    private static List<Long> seqs(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::seq).toList();
    }
}
