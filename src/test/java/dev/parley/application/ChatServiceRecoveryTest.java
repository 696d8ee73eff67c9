package dev.parley.application;

import static dev.parley.application.ChatFixture.assertMessage;
import static dev.parley.application.ChatFixture.assertPresence;
import static dev.parley.application.ChatFixture.rangeClosed;
import static dev.parley.application.ChatFixture.seq;
import static dev.parley.application.ChatFixture.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code joined} carries: the room's seq, its recent history, and recovery with {@code since}. */
class ChatServiceRecoveryTest {

    /** Keeps 60 messages a room: more than the 50 a plain join shows. */
    private final ChatFixture fixture = new ChatFixture(Map.of("PARLEY_HISTORY_SIZE", "60"));

    // --- a plain join ---

    @Test
    void aPlainJoinShowsTheRoomsSeqAndHistory() {
        fixture.joined("lobby", "ada").postMany("lobby", 3);

        JsonObject joined = joinAsBob();

        assertEquals(3, seq(joined));
        assertHistory(joined, List.of(1L, 2L, 3L), false);
    }

    @Test
    void aPlainJoinShowsAtMostTheLastFifty() {
        fixture.joined("lobby", "ada").postMany("lobby", 58);

        JsonObject joined = joinAsBob();

        assertEquals(58, seq(joined));
        assertEquals(rangeClosed(9, 58), seqs(joined.getJsonArray("history")));
    }

    @Test
    void joinedHistoryItemsAreFullMessageObjects() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.post("lobby", "hi", "c1").clear();

        assertMessage(joinAsBob().getJsonArray("history").getJsonObject(0), 1, "c1", "ada", "hi");
    }

    @Test
    void theFirstMessageAfterJoinedFollowsItsSeq() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 4);
        FakeClient bob = fixture.connect().clear();
        long joinedSeq = seq(bob.join("lobby", "bob").next("joined"));

        ada.post("lobby", "next", null);

        assertEquals(joinedSeq + 1, seq(bob.next("message")));
    }

    // --- join with since ---

    @Test
    void sinceGivesExactlyTheMissedMessages() {
        fixture.joined("lobby", "ada").postMany("lobby", 5);

        JsonObject joined = joinAsBobSince(2);

        assertEquals(5, seq(joined));
        assertHistory(joined, List.of(3L, 4L, 5L), true);
    }

    @Test
    void sinceWithTheRoomsEpochRecovers() {
        FakeClient ada = fixture.joined("lobby", "ada");
        String epoch = ada.joinSince("lobby", null, 0).next("joined").getString("epoch");
        ada.postMany("lobby", 5);

        JsonObject joined = fixture.connect().clear().joinSince("lobby", "bob", 2, epoch).next("joined");

        assertEquals(epoch, joined.getString("epoch"));
        assertHistory(joined, List.of(3L, 4L, 5L), true);
    }

    /** A seq from another instance of the room (a restarted server, a freed room) says nothing about this one. */
    @Test
    void sinceFromAnotherEpochIsNotRecoveredEvenWhenItsSeqExists() {
        fixture.joined("lobby", "ada").postMany("lobby", 5);

        JsonObject joined = fixture.connect().clear().joinSince("lobby", "bob", 2, "an-older-epoch").next("joined");

        assertEquals(5, seq(joined));
        assertHistory(joined, List.of(1L, 2L, 3L, 4L, 5L), false);
    }

    @Test
    void eachRoomInstanceHasItsOwnEpoch() {
        ChatFixture freeing = new ChatFixture(java.util.Map.of("PARLEY_EMPTY_ROOM_SECONDS", "0"));
        FakeClient ada = freeing.connect().clear();
        String first = ada.join("lobby", "ada").next("joined").getString("epoch");
        String other = ada.join("dev", null).next("joined").getString("epoch");
        ada.leave("lobby").next("left");
        freeing.chat.freeIdleRooms();

        String second = ada.join("lobby", null).next("joined").getString("epoch");

        assertFalse(first.isEmpty());
        assertNotEquals(first, other);
        assertNotEquals(first, second);
    }

    @Test
    void sinceTheLatestSeqRecoversNothingMissed() {
        fixture.joined("lobby", "ada").postMany("lobby", 5);

        JsonObject joined = joinAsBobSince(5);

        assertHistory(joined, List.of(), true);
    }

    @Test
    void sinceZeroGivesTheWholeHistoryFromSeqOne() {
        fixture.joined("lobby", "ada").postMany("lobby", 3);

        JsonObject joined = joinAsBobSince(0);

        assertHistory(joined, List.of(1L, 2L, 3L), true);
    }

    @Test
    void sinceZeroInAnEmptyRoomRecoversNothingMissed() {
        JsonObject joined = joinAsBobSince(0);

        assertEquals(0, seq(joined));
        assertHistory(joined, List.of(), true);
    }

    @Test
    void sinceAheadOfTheRoomIsNotRecovered() {
        fixture.joined("lobby", "ada").postMany("lobby", 3);

        JsonObject joined = joinAsBobSince(7);

        assertEquals(3, seq(joined));
        assertHistory(joined, List.of(1L, 2L, 3L), false);
    }

    @Test
    void sinceAheadOfAnEmptyRoomIsNotRecovered() {
        JsonObject joined = joinAsBobSince(7);

        assertHistory(joined, List.of(), false);
    }

    @Test
    void sinceTooOldIsNotRecoveredAndShowsTheLastFifty() {
        fixture.joined("lobby", "ada").postMany("lobby", 70); // keeps 11..70

        JsonObject joined = joinAsBobSince(5);

        assertEquals(70, seq(joined));
        assertHistory(joined, rangeClosed(21, 70), false);
    }

    @Test
    void sinceTwoBeforeTheOldestKeptIsNotRecovered() {
        fixture.joined("lobby", "ada").postMany("lobby", 70); // keeps 11..70

        assertHistory(joinAsBobSince(9), rangeClosed(21, 70), false);
    }

    @Test
    void sinceJustBeforeTheOldestKeptRecoversEveryKeptMessage() {
        fixture.joined("lobby", "ada").postMany("lobby", 70); // keeps 11..70

        JsonObject joined = joinAsBobSince(10);

        assertHistory(joined, rangeClosed(11, 70), true);
    }

    @Test
    void rejoiningWithSinceRecoversWithoutPresence() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.postMany("lobby", 4);
        bob.clear();

        JsonObject joined = bob.joinSince("lobby", null, 2).next("joined");

        assertHistory(joined, List.of(3L, 4L), true);
        bob.expectNothing();
        ada.expectNothing();
    }

    @Test
    void aRecoveredJoinIsAnnouncedLikeAnyJoin() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 2);

        joinAsBobSince(1);

        assertPresence(ada.next("presence"), "join", "bob", 2);
    }

    // --- helpers ---

    private static void assertHistory(JsonObject joined, List<Long> seqs, boolean recovered) {
        assertEquals(seqs, seqs(joined.getJsonArray("history")), joined::toString);
        assertEquals(recovered, joined.getBoolean("recovered"), joined::toString);
    }

    private JsonObject joinAsBob() {
        FakeClient bob = fixture.connect().clear();
        return bob.join("lobby", "bob").next("joined");
    }

    private JsonObject joinAsBobSince(long since) {
        FakeClient bob = fixture.connect().clear();
        return bob.joinSince("lobby", "bob", since).next("joined");
    }
}
