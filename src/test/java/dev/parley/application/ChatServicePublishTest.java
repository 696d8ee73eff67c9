package dev.parley.application;

import static dev.parley.application.ChatFixture.NOW;
import static dev.parley.application.ChatFixture.assertMessage;
import static dev.parley.application.ChatFixture.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import dev.parley.domain.UserName;
import dev.parley.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publishing from outside any connection (the HTTP API), listing rooms and reading history. */
class ChatServicePublishTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName TICKER = new UserName("ticker");

    private final ChatFixture fixture = new ChatFixture();

    @Test
    void aTextWithAnUnpairedSurrogateIsRefusedBeforeItReachesAnyone() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ChatException refused = assertThrows(ChatException.class,
                () -> fixture.chat.publish(LOBBY, TICKER, "half an emoji \ud83d", null));

        assertEquals(ErrorCode.BAD_REQUEST, refused.code());
        ada.expectNothing();
    }

    @Test
    void aPublishedMessageTakesTheNextSeqAndReachesEveryMember() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.post("lobby", "first", "c1");
        ada.clear();
        bob.clear();

        ChatMessage published = fixture.chat.publish(LOBBY, TICKER, "price 42", null).message();

        assertEquals(2, published.seq());
        assertEquals(NOW, published.ts());
        assertNull(published.clientId());
        assertMessage(ada.next("message"), 2, null, "ticker", "price 42");
        assertMessage(bob.next("message"), 2, null, "ticker", "price 42");
        ada.expectNothing(); // no ack: the message came from no connection
        bob.expectNothing();
    }

    @Test
    void aRoomWithoutMembersStillKeepsThePublishedMessages() {
        fixture.chat.publish(LOBBY, TICKER, "one", null).message();
        fixture.chat.publish(LOBBY, TICKER, "two", null).message();

        assertEquals(List.of("one", "two"),
                fixture.chat.history(LOBBY, null, 10).stream().map(ChatMessage::text).toList());
        FakeClient ada = fixture.connect();
        ada.next("welcome");
        ada.joinSince("lobby", "ada", 0);
        var joined = ada.next("joined");
        assertTrue(joined.getBoolean("recovered"));
        assertEquals(List.of(1L, 2L), seqs(joined.getJsonArray("history")));
    }

    @Test
    void refusesAnEmptyOrTooLongText() {
        ChatException empty = assertThrows(ChatException.class, () -> fixture.chat.publish(LOBBY, TICKER, "", null));
        assertEquals(ErrorCode.BAD_REQUEST, empty.code());
        String tooLong = "x".repeat(fixture.config.maxTextChars() + 1);
        ChatException large = assertThrows(ChatException.class, () -> fixture.chat.publish(LOBBY, TICKER, tooLong, null));
        assertEquals(ErrorCode.TOO_LARGE, large.code());
        assertEquals(List.of(), fixture.chat.rooms(), "a refused message creates no room");
    }

    @Test
    void aTextOfExactlyTheLimitIsPublished() {
        String longest = "x".repeat(fixture.config.maxTextChars());
        assertEquals(1, fixture.chat.publish(LOBBY, TICKER, longest, null).message().seq());
    }

    @Test
    void historyPagesBackwardsAndIsEmptyForAnUnknownRoom() {
        for (int i = 1; i <= 5; i++) {
            fixture.chat.publish(LOBBY, TICKER, "m" + i, null).message();
        }
        assertEquals(List.of(4L, 5L), fixture.chat.history(LOBBY, null, 2).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(2L, 3L), fixture.chat.history(LOBBY, 4L, 2).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(), fixture.chat.history(new RoomId("nowhere"), null, 10));
    }

    @Test
    void roomsListsEachRoomWithItsNamesAndLatestSeqSortedByName() {
        fixture.joined("b-room", "ada");
        fixture.joined("b-room", "ada"); // a second tab: one name
        fixture.joined("b-room", "bob");
        fixture.chat.publish(new RoomId("a-room"), TICKER, "hello", null).message();

        assertEquals(List.of(new RoomSummary(new RoomId("a-room"), 0, 1), new RoomSummary(new RoomId("b-room"), 2, 0)),
                fixture.chat.rooms());
    }
}
