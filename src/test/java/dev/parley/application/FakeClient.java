package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** One connection to the chat: sends client frames as records and reads what its peer received. */
final class FakeClient {

    private final ChatFixture fixture;
    private final Connection connection;
    private final RecordingPeer peer;

    FakeClient(ChatFixture fixture, Connection connection, RecordingPeer peer) {
        this.fixture = fixture;
        this.connection = connection;
        this.peer = peer;
    }

    Connection connection() {
        return connection;
    }

    RecordingPeer peer() {
        return peer;
    }

    // --- sending ---

    FakeClient send(ClientFrame frame) {
        fixture.chat.handle(connection, frame);
        return this;
    }

    /** @param name null to leave it out */
    FakeClient join(String room, String name) {
        return send(new ClientFrame.Join(new RoomId(room), name == null ? null : new UserName(name), null));
    }

    /** Joins asking for what came after {@code since}; {@code name} null to leave it out. */
    FakeClient joinSince(String room, String name, long since) {
        return send(new ClientFrame.Join(new RoomId(room), name == null ? null : new UserName(name), since));
    }

    /** Joins asking for what came after {@code since} in the room instance {@code epoch}. */
    FakeClient joinSince(String room, String name, long since, String epoch) {
        return send(new ClientFrame.Join(new RoomId(room), name == null ? null : new UserName(name), since, epoch));
    }

    FakeClient auth(String token) {
        return send(new ClientFrame.Auth(token));
    }

    FakeClient leave(String room) {
        return send(new ClientFrame.Leave(new RoomId(room)));
    }

    /** @param id null to leave it out */
    FakeClient post(String room, String text, String id) {
        return send(new ClientFrame.Message(new RoomId(room), text, id));
    }

    /** Posts {@code count} messages, a second apart so the rate limit never refuses one; drops the answers. */
    FakeClient postMany(String room, int count) {
        for (int i = 1; i <= count; i++) {
            fixture.waitASecond();
            post(room, "message " + i, null);
        }
        peer.inbox().clear();
        return this;
    }

    FakeClient ping() {
        return send(new ClientFrame.Ping());
    }

    FakeClient typing(String room) {
        return send(new ClientFrame.Typing(new RoomId(room)));
    }

    /** @param before null to leave it out */
    FakeClient history(String room, Long before, int limit) {
        return send(new ClientFrame.History(new RoomId(room), before, limit));
    }

    void disconnect() {
        fixture.chat.disconnect(connection);
    }

    // --- receiving ---

    /** Takes the oldest frame not looked at yet, which must be of the given type. */
    JsonObject next(String type) {
        assertContract();
        JsonObject frame = peer.inbox().poll();
        assertNotNull(frame, () -> "expected a " + type + " frame, got nothing");
        assertEquals(type, frame.getString("type"), frame::toString);
        return frame;
    }

    /** Takes an error frame with the given code and ref (null: no ref field) and a readable message. */
    JsonObject nextError(String code, String ref) {
        JsonObject error = next("error");
        assertEquals(code, error.getString("code"), error::toString);
        if (ref == null) {
            assertFalse(error.containsKey("ref"), error::toString);
        } else {
            assertEquals(ref, error.getString("ref"), error::toString);
        }
        assertFalse(error.getString("message").isBlank(), error::toString);
        return error;
    }

    /** Takes every frame not looked at yet, each as its type followed by its seq when it has one: "ack 3". */
    List<String> takeAll() {
        assertContract();
        List<String> frames = new ArrayList<>();
        for (JsonObject frame; (frame = peer.inbox().poll()) != null; ) {
            frames.add(frame.containsKey("seq") ? frame.getString("type") + " " + frame.get("seq")
                    : frame.getString("type"));
        }
        return frames;
    }

    /** Takes every frame not looked at yet, and answers the one of the given type (there must be one). */
    JsonObject takeAllAndFind(String type) {
        assertContract();
        JsonObject found = null;
        for (JsonObject frame; (frame = peer.inbox().poll()) != null; ) {
            if (type.equals(frame.getString("type"))) {
                found = frame;
            }
        }
        assertNotNull(found, () -> "expected a " + type + " frame");
        return found;
    }

    void expectNothing() {
        assertContract();
        assertNull(peer.inbox().peek(), () -> "unexpected frame " + peer.inbox().peek());
    }

    /** Skips whatever arrived so far. */
    FakeClient clear() {
        assertContract();
        peer.inbox().clear();
        return this;
    }

    private void assertContract() {
        assertEquals(0, peer.undrained(), "frames were offered and never drained");
        assertEquals(0, peer.drainsUnderLock(), "a drain ran while a connection's lock was held");
        assertTrue(peer.drains() > 0 || peer.inbox().isEmpty(), "frames arrived without any drain");
    }
}
