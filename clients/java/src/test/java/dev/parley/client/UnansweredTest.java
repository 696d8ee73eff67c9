package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnansweredTest {

    private final Unanswered unanswered = new Unanswered();

    @Test
    void anErrorBelongsToTheOldestUnansweredRequestOfItsType() {
        unanswered.sent("search", "a");
        unanswered.sent("search", "b");
        unanswered.sent("history", "c");
        unanswered.answered("search", "a");
        assertEquals("b", unanswered.refused("search"));
        assertEquals("c", unanswered.refused("history"));
        assertNull(unanswered.refused("search"));
    }

    @Test
    void aJoinedAnswersAJoinAndTheConnectionsEndForgetsEverything() {
        unanswered.sent("join", "a");
        unanswered.sent("join", "b");
        unanswered.answered("joined", "a");
        unanswered.answered("message", "b"); // not an answer
        assertEquals("b", unanswered.refused("join"));
        unanswered.sent("join", "c");
        unanswered.clear();
        assertNull(unanswered.refused("join"));
        assertTrue(unanswered.keeps("search"));
        assertFalse(unanswered.keeps("kick"));
        assertFalse(unanswered.keeps(null));
    }
}
