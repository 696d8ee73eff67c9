package dev.parley.broker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

    private static final String ADA = "ada";
    private static final Instant TS = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void findsWhatAnIdGot() {
        RecentIds ids = new RecentIds(10, 100);
        ids.remember(ADA, "c1", 7, TS, 0);

        assertEquals(new RecentIds.Accepted(7, TS, 0), ids.find(ADA, "c1", 99));
        assertNull(ids.find("bob", "c1", 99));
    }

    @Test
    void forgetsByAgeAndByCount() {
        RecentIds ids = new RecentIds(2, 100);
        ids.remember(ADA, "c1", 1, TS, 0);
        ids.remember(ADA, "c2", 2, TS, 50);
        ids.remember(ADA, "c3", 3, TS, 60);

        assertEquals(2, ids.size());
        assertNull(ids.find(ADA, "c1", 60));
        assertNull(ids.find(ADA, "c2", 150), "100 ns old");
        assertEquals(3, ids.find(ADA, "c3", 150).seq());
    }
}
