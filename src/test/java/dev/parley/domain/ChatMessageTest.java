package dev.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatMessageTest {

    private static final RoomId ROOM = new RoomId("lobby");
    private static final UserName ADA = new UserName("ada");
    private static final Instant TS = Instant.parse("2026-11-23T10:15:30.123Z");

    @Test
    void keepsEveryField() {
        ChatMessage message = new ChatMessage(ROOM, 7, "c1", ADA, "hi", TS);

        assertEquals(ROOM, message.room());
        assertEquals(7, message.seq());
        assertEquals("c1", message.clientId());
        assertEquals(ADA, message.user());
        assertEquals("hi", message.text());
        assertEquals(TS, message.ts());
    }

    @Test
    void clientIdIsOptional() {
        assertNull(new ChatMessage(ROOM, 1, null, ADA, "hi", TS).clientId());
    }

    @Test
    void seqStartsAtOne() {
        assertEquals(1, new ChatMessage(ROOM, 1, null, ADA, "hi", TS).seq());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void refusesASeqBelowOne(long seq) {
        assertThrows(IllegalArgumentException.class, () -> new ChatMessage(ROOM, seq, null, ADA, "hi", TS));
    }

    @Test
    void requiresARoom() {
        assertThrows(NullPointerException.class, () -> new ChatMessage(null, 1, null, ADA, "hi", TS));
    }

    @Test
    void requiresAUser() {
        assertThrows(NullPointerException.class, () -> new ChatMessage(ROOM, 1, null, null, "hi", TS));
    }

    @Test
    void requiresAText() {
        assertThrows(NullPointerException.class, () -> new ChatMessage(ROOM, 1, null, ADA, null, TS));
    }

    @Test
    void requiresATimestamp() {
        assertThrows(NullPointerException.class, () -> new ChatMessage(ROOM, 1, null, ADA, "hi", null));
    }

    @Test
    void equalMessagesAreEqualValues() {
        assertEquals(new ChatMessage(ROOM, 3, "c1", ADA, "hi", TS), new ChatMessage(ROOM, 3, "c1", ADA, "hi", TS));
    }
}
