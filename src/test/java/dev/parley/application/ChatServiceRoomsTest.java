package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rooms are made on first join and freed once empty and quiet for {@code emptyRoomSeconds}. */
class ChatServiceRoomsTest {

    private final ChatFixture fixture = new ChatFixture(Map.of("PARLEY_EMPTY_ROOM_SECONDS", "60",
            "PARLEY_MAX_ROOMS", "2"));

    @Test
    void anEmptyRoomKeepsItsHistoryForAWhile() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 3);
        ada.leave("lobby").next("left");

        fixture.nanos.advance(Duration.ofSeconds(59));
        assertEquals(0, fixture.chat.freeIdleRooms());

        ada.joinSince("lobby", null, 3);
        JsonObject joined = ada.next("joined");
        assertEquals(3, joined.getInt("seq"));
        assertTrue(joined.getBoolean("recovered"));
    }

    @Test
    void anEmptyQuietRoomIsFreedAndStartsAfreshWhenJoinedAgain() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 3);
        ada.leave("lobby").next("left");

        fixture.nanos.advance(Duration.ofSeconds(60));
        assertEquals(1, fixture.chat.freeIdleRooms());
        assertEquals(0, fixture.chat.rooms().size());

        ada.joinSince("lobby", null, 3);
        JsonObject joined = ada.next("joined");
        assertEquals(0, joined.getInt("seq"));
        assertFalse(joined.getBoolean("recovered"), "seq 3 is above the new room's latest seq");
        assertEquals(0, joined.getJsonArray("history").size());
    }

    @Test
    void aRoomWithMembersIsNeverFreed() {
        FakeClient ada = fixture.joined("lobby", "ada");

        fixture.nanos.advance(Duration.ofDays(30));

        assertEquals(0, fixture.chat.freeIdleRooms());
        ada.post("lobby", "still here", null).next("ack");
        assertEquals(1, ada.next("message").getInt("seq"));
    }

    @Test
    void theQuietTimeCountsFromTheLastLeave() {
        FakeClient ada = fixture.joined("lobby", "ada");
        fixture.nanos.advance(Duration.ofSeconds(300));
        ada.leave("lobby").next("left");

        fixture.nanos.advance(Duration.ofSeconds(30));

        assertEquals(0, fixture.chat.freeIdleRooms());
    }

    @Test
    void aClosedConnectionEmptiesItsRoomsToo() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.disconnect();

        fixture.nanos.advance(Duration.ofSeconds(60));

        assertEquals(1, fixture.chat.freeIdleRooms());
    }

    @Test
    void aNewRoomBeyondTheMaximumIsRefused() {
        FakeClient ada = fixture.joined("one", "ada");
        ada.join("two", null).next("joined");

        ada.join("three", null);

        assertTrue(ada.nextError("bad_request", "join").getString("message").contains("2 rooms"));
        ada.join("one", null).next("joined");
    }

    @Test
    void anIdleRoomMakesWayForANewOneBeyondTheMaximum() {
        FakeClient ada = fixture.joined("one", "ada");
        ada.join("two", null).next("joined");
        ada.leave("one").next("left");
        fixture.nanos.advance(Duration.ofSeconds(60));

        ada.join("three", null);

        ada.next("joined");
        assertEquals(2, fixture.chat.rooms().size());
    }

    @Test
    void withNoRetentionARoomIsFreedAtTheNextSweep() {
        ChatFixture eager = new ChatFixture(Map.of("PARLEY_EMPTY_ROOM_SECONDS", "0"));
        FakeClient ada = eager.joined("lobby", "ada");
        ada.leave("lobby").next("left");

        assertEquals(1, eager.chat.freeIdleRooms());
    }
}
