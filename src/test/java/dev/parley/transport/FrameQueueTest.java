package dev.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

    private static FrameQueue queue(int frames, int chars) {
        return new FrameQueue(ParleyConfig.load(Map.of("PARLEY_OUTBOX_FRAMES", Integer.toString(frames),
                "PARLEY_OUTBOX_BYTES", Integer.toString(chars)), Map.of()));
    }

    @Test
    void keepsFramesInOrderAndCountsTheirCharacters() {
        FrameQueue queue = queue(10, 1024);
        assertTrue(queue.add("one"));
        assertTrue(queue.add("three"));
        assertEquals(2, queue.size());
        assertEquals(8, queue.chars());
        assertEquals("one", queue.peek());
        assertEquals("one", queue.poll());
        assertEquals(5, queue.chars());
        assertEquals("three", queue.pollAll());
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        assertNull(queue.pollAll());
    }

    @Test
    void oneFrameTooManyEmptiesItForGood() {
        FrameQueue queue = queue(2, 1024);
        queue.add("a");
        queue.add("b");
        assertFalse(queue.add("c"));
        assertTrue(queue.overflowed());
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.chars());
        queue.clear();
        assertTrue(queue.overflowed(), "an overflow is not forgotten");
        assertEquals("2 frames or 1024 characters", queue.limits());
    }

    @Test
    void aFrameThatWouldPassTheCharactersOverflowsIt() {
        FrameQueue queue = queue(100, 1024);
        assertTrue(queue.add("x".repeat(1000)));
        assertFalse(queue.add("x".repeat(25)));
        assertTrue(queue.overflowed());
    }

    @Test
    void aForcedFrameIgnoresTheBoundsAndAllIsJoinedInOrder() {
        FrameQueue queue = queue(1, 1024);
        queue.add("data: 1\n\n");
        queue.force(": heartbeat\n\n");
        assertFalse(queue.overflowed());
        assertEquals("data: 1\n\n: heartbeat\n\n", queue.pollAll());
    }
}
