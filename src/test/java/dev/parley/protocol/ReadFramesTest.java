package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frames of read markers and the room list: {@code read}, {@code rooms}, {@code activity}, on the wire. */
class ReadFramesTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final RoomId DEV = new RoomId("dev");

    private final FrameDecoder decoder = new FrameDecoder();
    private final FrameEncoder encoder = new FrameEncoder();

    @Test
    void decodesRead() throws FrameException {
        assertEquals(new ClientFrame.Read(LOBBY, 7), decoder.decode("{\"type\":\"read\",\"room\":\"lobby\",\"seq\":7}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"read\",\"room\":\"lobby\"}", "{\"type\":\"read\",\"room\":\"lobby\",\"seq\":null}",
            "{\"type\":\"read\",\"room\":\"lobby\",\"seq\":0}", "{\"type\":\"read\",\"room\":\"lobby\",\"seq\":-3}",
            "{\"type\":\"read\",\"room\":\"lobby\",\"seq\":\"7\"}", "{\"type\":\"read\",\"room\":\"lobby\",\"seq\":1.5}"})
    void refusesReadWithoutAPositiveIntegerSeq(String frame) {
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(frame));
        assertTrue(e.getMessage().contains("seq"), e.getMessage());
        assertEquals("read", e.ref());
    }

    @Test
    void refusesReadWithoutRoom() {
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode("{\"type\":\"read\",\"seq\":3}"));
        assertTrue(e.getMessage().contains("room"), e.getMessage());
    }

    @Test
    void decodesRooms() throws FrameException {
        assertEquals(new ClientFrame.Rooms(), decoder.decode("{\"type\":\"rooms\"}"));
    }

    @Test
    void encodesRead() {
        JsonObject json = encode(new ServerFrame.Read(LOBBY, 12, 3));

        assertEquals(Set.of("type", "room", "seq", "unread"), json.keySet());
        assertEquals("read", json.getString("type"));
        assertEquals("lobby", json.getString("room"));
        assertEquals(12, json.getInt("seq"));
        assertEquals(3, json.getInt("unread"));
    }

    @Test
    void encodesActivity() {
        JsonObject json = encode(new ServerFrame.Activity(DEV, 40));

        assertEquals(Set.of("type", "room", "seq"), json.keySet());
        assertEquals("activity", json.getString("type"));
        assertEquals("dev", json.getString("room"));
        assertEquals(40, json.getInt("seq"));
    }

    @Test
    void encodesRoomsWithTheLastMessageAsAMessageObject() {
        ChatMessage last = new ChatMessage(LOBBY, 9, "c9", new UserName("ada"), "hi",
                Instant.parse("2026-11-23T10:15:30.123Z"));
        JsonObject json = encode(new ServerFrame.Rooms(List.of(new RoomEntry(LOBBY, 9, 7, 2, last),
                new RoomEntry(DEV, 0, 0, 0, null))));

        assertEquals(Set.of("type", "rooms"), json.keySet());
        JsonArray rooms = json.getJsonArray("rooms");
        assertEquals(2, rooms.size());
        JsonObject lobby = rooms.getJsonObject(0);
        assertEquals(Set.of("room", "seq", "read", "unread", "last"), lobby.keySet());
        assertEquals(9, lobby.getInt("seq"));
        assertEquals(7, lobby.getInt("read"));
        assertEquals(2, lobby.getInt("unread"));
        JsonObject message = lobby.getJsonObject("last");
        assertEquals("message", message.getString("type"));
        assertEquals("hi", message.getString("text"));
        assertEquals(9, message.getInt("seq"));
        JsonObject dev = rooms.getJsonObject(1);
        assertFalse(dev.containsKey("last"));
        assertEquals(Set.of("room", "seq", "read", "unread"), dev.keySet());
    }

    private JsonObject encode(ServerFrame frame) {
        try (var reader = Json.createReader(new StringReader(encoder.encode(frame)))) {
            return reader.readObject();
        }
    }
}
