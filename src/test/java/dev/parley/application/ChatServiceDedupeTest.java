package dev.parley.application;

import static dev.parley.application.ChatFixture.NOW_ON_THE_WIRE;
import static dev.parley.application.ChatFixture.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.broker.Publication;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Effectively-once sends: a message resent with the id it had is acked again and shown to nobody again. */
class ChatServiceDedupeTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName TICKER = new UserName("ticker");

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ChatFixture fixture = new ChatFixture(metrics);
    private final FakeClient ada = fixture.joined("lobby", "ada");
    private final FakeClient bob = fixture.joined("lobby", "bob");

    @Test
    void aResendOnTheSameConnectionGetsTheOriginalAckAndNothingElse() {
        ada.clear();
        bob.clear();
        ada.post("lobby", "hello", "c1");
        assertEquals(List.of("ack 1", "message 1"), ada.takeAll());
        assertEquals(List.of("message 1"), bob.takeAll());

        ada.post("lobby", "hello", "c1");

        JsonObject ack = ada.next("ack");
        assertEquals("c1", ack.getString("id"));
        assertEquals(1, seq(ack));
        assertEquals(NOW_ON_THE_WIRE, ack.getString("ts"));
        ada.expectNothing();
        bob.expectNothing();
    }

    @Test
    void aResendAfterAReconnectIsAckedWithTheOriginalSeq() {
        ada.post("lobby", "before the drop", "c1");
        ada.disconnect();
        bob.clear();

        FakeClient again = fixture.joined("lobby", "ada");
        again.post("lobby", "before the drop", "c1");

        assertEquals(List.of("ack 1"), again.takeAll());
        assertEquals(List.of("presence"), bob.takeAll(), "ada's return; no second message");
        fixture.waitASecond();
        again.post("lobby", "after", "c2");
        assertEquals(List.of("ack 2", "message 2"), again.takeAll());
    }

    @Test
    void theSameIdFromAnotherUserIsAnotherMessage() {
        ada.post("lobby", "mine", "c1");
        bob.clear();
        bob.post("lobby", "mine too", "c1");

        assertEquals(List.of("ack 2", "message 2"), bob.takeAll());
    }

    @Test
    void messagesWithoutAnIdAreNeverTakenForResends() {
        ada.clear();
        ada.post("lobby", "same", null);
        ada.post("lobby", "same", null);

        assertEquals(List.of("ack 1", "message 1", "ack 2", "message 2"), ada.takeAll());
    }

    @Test
    void anHttpPublishWithAnIdIsRecordedOnce() {
        ada.clear();
        metrics.take();
        Publication first = fixture.chat.publish(LOBBY, TICKER, "42.10", "t-1");
        Publication again = fixture.chat.publish(LOBBY, TICKER, "42.10", "t-1");

        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.message().seq(), again.message().seq());
        assertEquals(List.of("message 1"), ada.takeAll());
        assertEquals(List.of("fannedOut 2", "published HTTP", "duplicate HTTP"), metrics.take());
    }

    @Test
    void aZeroWindowTurnsDedupeOff() {
        ChatFixture off = new ChatFixture(Map.of("PARLEY_DEDUPE_SECONDS", "0"));
        FakeClient cy = off.joined("lobby", "cy");
        cy.post("lobby", "again", "c1");
        cy.post("lobby", "again", "c1");

        assertEquals(List.of("ack 1", "message 1", "ack 2", "message 2"), cy.takeAll());
    }
}
