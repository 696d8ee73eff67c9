package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeNanoTime nanos = new FakeNanoTime();

    @Test
    void startsFullAndGivesABurstOfCapacityTokens() {
        TokenBucket bucket = new TokenBucket(2, 5, nanos);

        assertEquals(5, takeAll(bucket));
    }

    @Test
    void refusesOnceTheBurstIsSpent() {
        TokenBucket bucket = new TokenBucket(2, 5, nanos);
        takeAll(bucket);

        assertFalse(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void refillsOneTokenPerIntervalOfTheRate() {
        TokenBucket bucket = new TokenBucket(2, 5, nanos);
        takeAll(bucket);

        nanos.advance(Duration.ofMillis(500));

        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void doesNotRefillBeforeAFullInterval() {
        TokenBucket bucket = new TokenBucket(2, 5, nanos);
        takeAll(bucket);

        nanos.advance(Duration.ofMillis(499));

        assertFalse(bucket.tryTake());
    }

    @Test
    void partialIntervalsAddUp() {
        TokenBucket bucket = new TokenBucket(2, 5, nanos);
        takeAll(bucket);
        nanos.advance(Duration.ofMillis(300));
        assertFalse(bucket.tryTake());

        nanos.advance(Duration.ofMillis(200));

        assertTrue(bucket.tryTake());
    }

    @Test
    void refillsRateTokensPerSecond() {
        TokenBucket bucket = new TokenBucket(20, 40, nanos);
        takeAll(bucket);

        nanos.advance(Duration.ofSeconds(1));

        assertEquals(20, takeAll(bucket));
    }

    @Test
    void neverHoldsMoreThanItsCapacityAfterALongIdleTime() {
        TokenBucket bucket = new TokenBucket(20, 40, nanos);
        takeAll(bucket);

        nanos.advance(Duration.ofHours(10));

        assertEquals(40, takeAll(bucket));
    }

    @Test
    void aFreshBucketIdleForLongStillHoldsOnlyItsCapacity() {
        TokenBucket bucket = new TokenBucket(1, 3, nanos);

        nanos.advance(Duration.ofDays(365));

        assertEquals(3, takeAll(bucket));
    }

    @Test
    void sustainsExactlyTheRate() {
        TokenBucket bucket = new TokenBucket(4, 4, nanos);
        takeAll(bucket);

        int taken = 0;
        for (int tick = 0; tick < 100; tick++) {
            nanos.advance(Duration.ofMillis(100));
            taken += bucket.tryTake() ? 1 : 0;
        }

        assertEquals(40, taken); // 10 seconds at 4 a second
    }

    /** Takes tokens until refused; the clock does not move meanwhile. */
    private static int takeAll(TokenBucket bucket) {
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
            if (taken > 1_000_000) {
                throw new AssertionError("the bucket never runs dry");
            }
        }
        return taken;
    }
}
