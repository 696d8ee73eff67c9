package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.RoomEvent;
import dev.parley.domain.RoomId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room's feed, run on the calling thread: order, repeats, and what a position check may and may not conclude. */
class RoomFeedTest {

    private static final RoomId ROOM = new RoomId("lobby");

    private final List<String> passed = new ArrayList<>();
    private final RoomFeed feed = new RoomFeed(ROOM, Runnable::run, event -> passed.add(describe(event)),
            since -> List.of(), BrokerMetrics.NONE);

    private static String describe(RoomEvent event) {
        return event instanceof RoomEvent.Published published ? "message " + published.message().seq()
                : event.getClass().getSimpleName();
    }

    private static String message(long seq) {
        return "{\"t\":\"message\",\"epoch\":\"e1\",\"m\":{\"seq\":" + seq
                + ",\"id\":\"\",\"user\":\"ada\",\"text\":\"m\",\"ts\":\"0\",\"origin\":\"\"}}";
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

        assertEquals(List.of("message 1", "Reset"), passed);
    }
}
