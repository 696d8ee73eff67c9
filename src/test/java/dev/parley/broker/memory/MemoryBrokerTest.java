package dev.parley.broker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerContract;
import dev.parley.broker.ChangesContract;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Member;
import dev.parley.broker.PresenceContract;
import dev.parley.broker.ReadMarkersContract;
import dev.parley.broker.RoomRulesContract;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.domain.RoomId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The broker contract on the memory broker, and what only the memory broker does: free rooms, forget ids in time. */
class MemoryBrokerTest extends BrokerContract {

    private long now = 1_000_000_000_000L;

    @Override
    protected Broker newBroker(Map<String, String> environment) {
        return broker(environment);
    }

    private MemoryBroker broker(Map<String, String> environment) {
        return new MemoryBroker(ParleyConfig.load(environment, Map.of()), Clock.systemUTC(), () -> now,
                RandomId::next);
    }

    /** Edits, deletions and reactions. */
    @Nested
    class Changes extends ChangesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return MemoryBrokerTest.this.newBroker(environment);
        }
    }

    /** The room rules contract on the same broker. */
    @Nested
    class Rules extends RoomRulesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return broker(environment);
        }
    }

    /** The presence contract on the same broker. */
    @Nested
    class Presence extends PresenceContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return broker(environment);
        }
    }

    /** The read markers contract on the same broker. */
    @Nested
    class ReadMarkers extends ReadMarkersContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return broker(environment);
        }
    }

    private void advance(Duration duration) {
        now += duration.toNanos();
    }

    @Test
    void aRoomWithoutMembersIsFreedAfterItsQuietTimeAndComesBackInANewEpoch() {
        MemoryBroker broker = broker(Map.of("PARLEY_EMPTY_ROOM_SECONDS", "60"));
        String epoch = broker.publish(post(LOBBY, ADA, "hi", null)).epoch();
        broker.join(new RoomId("busy"), new Member("a1", ADA));

        advance(Duration.ofSeconds(59));
        assertEquals(0, broker.freeIdleRooms());
        advance(Duration.ofSeconds(1));
        assertEquals(1, broker.freeIdleRooms(), "the lobby; the busy room has a member");

        assertEquals(List.of(), broker.history(LOBBY, new HistoryQuery.Latest(50)).messages());
        var again = broker.publish(post(LOBBY, ADA, "again", null));
        assertEquals(1, again.message().seq());
        assertNotEquals(epoch, again.epoch());
    }

    @Test
    void aMessageKeepsItsRoomAlive() {
        MemoryBroker broker = broker(Map.of("PARLEY_EMPTY_ROOM_SECONDS", "60"));
        broker.publish(post(LOBBY, ADA, "one", null));
        advance(Duration.ofSeconds(50));
        broker.publish(post(LOBBY, ADA, "two", null));
        advance(Duration.ofSeconds(50));

        assertEquals(0, broker.freeIdleRooms());
    }

    @Test
    void aClientIdIsForgottenAfterTheDedupeWindow() {
        MemoryBroker broker = broker(Map.of("PARLEY_DEDUPE_SECONDS", "300"));
        broker.publish(post(LOBBY, ADA, "hello", "c1"));
        advance(Duration.ofSeconds(299));
        assertTrue(broker.publish(post(LOBBY, ADA, "hello", "c1")).duplicate());
        advance(Duration.ofSeconds(1));
        assertFalse(broker.publish(post(LOBBY, ADA, "hello", "c1")).duplicate());
    }

    @Test
    void aRoomRemembersAtMostDedupeEntriesIdsOldestForgottenFirst() {
        MemoryBroker broker = broker(Map.of("PARLEY_DEDUPE_ENTRIES", "3"));
        for (String id : List.of("c1", "c2", "c3", "c4")) {
            broker.publish(post(LOBBY, ADA, "m", id));
        }
        assertTrue(broker.publish(post(LOBBY, ADA, "m", "c2")).duplicate());
        assertFalse(broker.publish(post(LOBBY, ADA, "m", "c1")).duplicate(), "the oldest was forgotten");
    }
}
