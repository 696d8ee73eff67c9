package dev.parley.application;

import static dev.parley.application.ChatFixture.assertPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.CloseCause;
import dev.parley.protocol.ErrorCode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frame rate limit, floods, identity from the container. */
class ChatServiceAbuseTest {

    @Test
    void everyFrameTypeCountsAgainstTheFrameRate() {
        ChatFixture fixture = new ChatFixture(Map.of("PARLEY_FRAMES_PER_SECOND", "2"));
        FakeClient ada = fixture.joined("lobby", "ada"); // the join took one of the 4 tokens of the burst

        ada.ping().next("pong");
        ada.typing("lobby");
        ada.history("lobby", null, 5).next("history");
        ada.ping().nextError("rate_limited", "ping");
        ada.typing("lobby").nextError("rate_limited", "typing");
        ada.expectNothing();
    }

    @Test
    void theFrameRateRefills() {
        ChatFixture fixture = new ChatFixture(Map.of("PARLEY_FRAMES_PER_SECOND", "2"));
        FakeClient ada = fixture.connect().clear();
        for (int i = 0; i < 4; i++) {
            ada.ping().next("pong");
        }
        ada.ping().nextError("rate_limited", "ping");

        fixture.nanos.advance(Duration.ofMillis(500));

        ada.ping().next("pong");
        ada.ping().nextError("rate_limited", "ping");
    }

    @Test
    void framesThatCannotBeDecodedCountToo() {
        ChatFixture fixture = new ChatFixture(Map.of("PARLEY_FRAMES_PER_SECOND", "1"));
        FakeClient ada = fixture.connect().clear();

        fixture.chat.reject(ada.connection(), ErrorCode.BAD_REQUEST, "not JSON", null);
        fixture.chat.reject(ada.connection(), ErrorCode.BAD_REQUEST, "not JSON", null);
        fixture.chat.reject(ada.connection(), ErrorCode.BAD_REQUEST, "not JSON", null);

        ada.nextError("bad_request", null);
        ada.nextError("bad_request", null);
        ada.nextError("rate_limited", null);
        ada.ping().nextError("rate_limited", "ping");
    }

    @Test
    void aFloodIsClosedWith1008AndLeavesItsRooms() {
        ChatFixture fixture = new ChatFixture(Map.of("PARLEY_MESSAGES_PER_SECOND", "1", "PARLEY_MESSAGE_BURST", "1",
                "PARLEY_MAX_RATE_LIMIT_ERRORS", "3"));
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient ada = fixture.joined("lobby", "ada");
        bob.clear();
        ada.post("lobby", "the one allowed", null).next("ack");
        ada.next("message");

        for (int i = 0; i < 3; i++) {
            ada.post("lobby", "flood", null).nextError("rate_limited", "message");
        }
        assertNull(ada.peer().closedFor(), "three rate_limited errors are allowed");

        ada.post("lobby", "flood", null).nextError("rate_limited", "message");

        assertEquals(CloseCause.FLOODING, ada.peer().closedFor());
        assertEquals(1008, CloseCause.FLOODING.code());
        bob.next("message");
        assertPresence(bob.next("presence"), "leave", "ada", 1);
        bob.expectNothing();
        ada.ping().expectNothing();
    }

    @Test
    void occasionalRateLimitingIsForgivenOverTime() {
        ChatFixture fixture = new ChatFixture(Map.of("PARLEY_MESSAGES_PER_SECOND", "1", "PARLEY_MESSAGE_BURST", "1",
                "PARLEY_FRAMES_PER_SECOND", "1000", "PARLEY_MAX_RATE_LIMIT_ERRORS", "3"));
        FakeClient ada = fixture.joined("lobby", "ada");

        for (int round = 0; round < 20; round++) {
            ada.post("lobby", "allowed", null).next("ack");
            ada.next("message");
            ada.post("lobby", "too soon", null).nextError("rate_limited", "message");
            ada.post("lobby", "too soon", null).nextError("rate_limited", "message");
            fixture.nanos.advance(Duration.ofSeconds(2)); // forgives the two errors, refills the message token
        }

        assertNull(ada.peer().closedFor());
    }

    @Test
    void aSignedInUserIsNamedFromTheStart() {
        ChatFixture fixture = new ChatFixture();
        FakeClient ada = fixture.connectAs("ada");

        assertEquals("ada", ada.next("welcome").getString("user"));
        ada.join("lobby", null);
        assertEquals("ada", ada.next("joined").getString("user"));
        ada.join("dev", "ada").next("joined");
    }

    @Test
    void aSignedInUserCannotJoinUnderAnotherName() {
        ChatFixture fixture = new ChatFixture();
        FakeClient ada = fixture.connectAs("ada").clear();

        ada.join("lobby", "bob");

        assertTrue(ada.nextError("bad_request", "join").getString("message").contains("ada"));
        ada.expectNothing();
    }

    @Test
    void anAnonymousWelcomeNamesNobody() {
        FakeClient ada = new ChatFixture().connect();

        assertTrue(!ada.next("welcome").containsKey("user"));
    }
}
