package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.RoomEvent;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room's feed, run on the calling thread: order, repeats, and what a position check may and may not conclude. */
class RoomFeedTest {

    private static final RoomId ROOM = new RoomId("lobby");

    private final List<String> passed = new ArrayList<>();
    private final List<RoomEvent.Reset> resets = new ArrayList<>();
    /** What the room's stream holds, for the feed's repairs. */
    private final List<RoomEvent.Published> stream = new ArrayList<>();
    private final RoomFeed feed = new RoomFeed(ROOM, Runnable::run, this::passed,
            since -> stream.stream().filter(m -> m.message().seq() > since).toList(), BrokerMetrics.NONE);

    private void passed(RoomEvent event) {
        passed.add(event instanceof RoomEvent.Published published ? "message " + published.message().seq()
                : event.getClass().getSimpleName());
        if (event instanceof RoomEvent.Reset reset) {
            resets.add(reset);
        }
    }

    private static String message(long seq) {
        return message("e1", seq);
    }

    private static String message(String epoch, long seq) {
        return "{\"t\":\"message\",\"epoch\":\"" + epoch + "\",\"m\":{\"seq\":" + seq
                + ",\"id\":\"\",\"user\":\"ada\",\"text\":\"m\",\"ts\":\"0\",\"origin\":\"\"}}";
    }

    private void stored(String epoch, long... seqs) {
        for (long seq : seqs) {
            stream.add(new RoomEvent.Published(new ChatMessage(ROOM, seq, null, new UserName("ada"), "m",
                    Instant.EPOCH), epoch, null));
        }
    }

    private static String changed(long rev) {
        return "{\"t\":\"changed\",\"epoch\":\"e1\",\"kind\":\"delete\",\"seq\":1,\"rev\":" + rev
                + ",\"on\":false,\"m\":{\"seq\":1,\"id\":\"\",\"user\":\"ada\",\"text\":\"\",\"ts\":\"0\","
                + "\"deleted\":true,\"rev\":" + rev + "}}";
    }

    @Test
    void aChangeEventThatSkipsARevResetsTheRoomForEveryMember() {
        feed.start(new RoomFeed.Position("e1", 1, 2));
        feed.received(changed(3));
        feed.received(changed(5));
        feed.received(changed(6));

        assertEquals(List.of("Changed", "Reset", "Changed", "Changed"), passed);
        assertEquals(new RoomEvent.Reset(ROOM, resets.get(0).reason(), null, 0), resets.get(0), "everyone rejoins");
    }

    @Test
    void aRevReadAtACheckThatHasNotComeByTheNextCheckWasLost() {
        feed.start(new RoomFeed.Position("e1", 1, 0));
        feed.check(new RoomFeed.Position("e1", 1, 1), feed.position());
        feed.received(changed(1)); // in flight at the first check: no loss
        feed.check(new RoomFeed.Position("e1", 1, 2), feed.position());
        assertEquals(List.of("Changed"), passed);

        feed.check(new RoomFeed.Position("e1", 1, 2), feed.position());

        assertEquals(List.of("Changed", "Reset"), passed);
        feed.received(changed(3));
        assertEquals(List.of("Changed", "Reset", "Changed"), passed, "the feed goes on after the lost rev");
    }

    @Test
    void aStoppedFeedPassesNothingOnNotEvenWhatAPositionCheckReadsFromTheStream() {
        feed.start(0, "e1");
        feed.stop(); // unsubscribed; a position check already under way reads the message published after
        stored("e1", 1);
        feed.check(new RoomFeed.Position("e1", 1), feed.position());
        feed.received(message(2));

        assertEquals(List.of(), passed);
    }

    @Test
    void aPositionReadBeforeTheLatestMessagesIsNoLoss() {
        feed.start(5, "e1");
        RoomFeed.Position asked = feed.position();
        feed.received(message(6)); // published after Redis answered the position check
        feed.check(new RoomFeed.Position("e1", 5), asked);

        assertEquals(List.of("message 6"), passed);
    }

    @Test
    void aPositionBelowWhatWasPassedOnBeforeAskingMeansRedisLostMessages() {
        feed.start(5, "e1");
        feed.received(message(6));
        feed.check(new RoomFeed.Position("e1", 4), feed.position());

        assertEquals(List.of("message 6", "Reset"), passed);
        assertEquals(new RoomEvent.Reset(ROOM, resets.get(0).reason(), null, 0), resets.get(0), "no member goes on");
    }

    @Test
    void aReadFromBeforeTheRoomWasKnownHereIsNoReset() {
        feed.start(0, "");
        RoomFeed.Position asked = feed.position();
        feed.received(message(1)); // the room is made, and its first message arrives, after the read left
        feed.check(new RoomFeed.Position("", 0), asked);
        feed.check(new RoomFeed.Position("e1", 1), feed.position());

        assertEquals(List.of("message 1"), passed);
    }

    @Test
    void aRoomMadeAnewSinceTheLastLookResets() {
        feed.start(3, "e1");
        feed.check(new RoomFeed.Position("e2", 1), feed.position());

        assertEquals(List.of("Reset"), passed);
    }

    @Test
    void repeatsAreDroppedAndAnotherEpochResets() {
        feed.start(0, "e1");
        feed.received(message(1));
        feed.received(message(1));
        feed.received(message(2).replace("e1", "e2"));

        assertEquals(List.of("message 1", "Reset", "message 2"), passed,
                "message 1 of e2 is not in the stream: the feed goes on after it, for members who joined past it");
        assertEquals(List.of("e2 after 1"), resets.stream().map(r -> r.epoch() + " after " + r.seq()).toList());
    }

    @Test
    void aNewEpochGoesOnFromItsFirstMessageWhenTheStreamHoldsIt() {
        feed.start(7, "e1");
        stored("e2", 1, 2);
        feed.received(message("e2", 3));

        assertEquals(List.of("Reset", "message 1", "message 2", "message 3"), passed);
        RoomEvent.Reset reset = resets.get(0);
        assertEquals("e2 after 0", reset.epoch() + " after " + reset.seq());
        assertTrue(reset.keeps("e2", 2), "a member that joined in the new epoch goes on");
        assertFalse(reset.keeps("e1", 7), "a member of the old epoch rejoins");
    }

    @Test
    void aNewEpochSeenByThePositionCheckGoesOnFromItsFirstMessage() {
        feed.start(7, "e1");
        stored("e2", 1);
        feed.check(new RoomFeed.Position("e2", 1), feed.position());

        assertEquals(List.of("Reset", "message 1"), passed);
        assertEquals("e2 after 0", resets.get(0).epoch() + " after " + resets.get(0).seq());
    }

    @Test
    void aHoleTheStreamCannotFillResetsOnlyTheMembersBehindIt() {
        feed.start(1, "e1");
        stored("e1", 3); // 2 is gone
        feed.received(message(4));

        assertEquals(List.of("Reset", "message 4"), passed, "nothing past the hole is passed on before it");
        RoomEvent.Reset reset = resets.get(0);
        assertFalse(reset.keeps("e1", 1));
        assertTrue(reset.keeps("e1", 3), "a member that joined past the hole misses nothing");
    }
}
