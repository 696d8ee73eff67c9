package dev.parley.application;

import static dev.parley.application.ChatFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.domain.RoomId;
import dev.parley.protocol.ClientFrame;
import dev.parley.testing.SettableClock;
import dev.parley.testing.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code edit}, {@code delete} and {@code react}: who may change a message, what every connection of the room is
 * told, and how a rejoin with {@code rev} recovers the changes it missed. Users are subjects (parley.auth=jwt): two
 * users who share a name are two authors.
 */
class ChatServiceChangesTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final String THUMBS = "\uD83D\uDC4D";

    private final SettableClock clock = new SettableClock(NOW);
    private final ChatFixture fixture = ChatFixture.signingIn(Map.of(), clock);

    /** A connection signed in as {@code subject} shown as {@code name}, joined to the lobby, its frames skipped. */
    private FakeClient inLobby(String subject, String name, Map<String, String> rooms) {
        FakeClient client = fixture.connect().clear();
        client.auth(Tokens.hs256(subject, name, NOW.plusSeconds(3600), rooms)).next("authenticated");
        client.join("lobby", null).next("joined");
        return client;
    }

    private FakeClient inLobby(String subject, String name) {
        return inLobby(subject, name, Map.of());
    }

    private static void clearAll(FakeClient... clients) {
        for (FakeClient client : clients) {
            client.clear();
        }
    }

    @Test
    void theAuthorEditsAndEveryConnectionIsTold() {
        FakeClient sam = inLobby("u-1", "Sam");
        FakeClient other = inLobby("u-2", "Sam");
        sam.post("lobby", "helo", "c1");
        clearAll(sam, other);

        other.send(new ClientFrame.Edit(LOBBY, 1, "hijacked"));
        other.nextError("forbidden", "edit");
        sam.expectNothing();

        sam.send(new ClientFrame.Edit(LOBBY, 1, "hello"));
        for (FakeClient client : List.of(sam, other)) {
            JsonObject edited = client.next("edited");
            assertEquals("lobby", edited.getString("room"));
            assertEquals(1, edited.getInt("seq"));
            assertEquals(1, edited.getInt("rev"));
            assertEquals("hello", edited.getString("text"));
            assertEquals(ChatFixture.NOW_ON_THE_WIRE, edited.getString("editedAt"));
        }
        JsonObject message = sam.history("lobby", null, 10).next("history").getJsonArray("messages").getJsonObject(0);
        assertEquals("hello", message.getString("text"));
        assertEquals(ChatFixture.NOW_ON_THE_WIRE, message.getString("editedAt"));
    }

    @Test
    void badEditsAreRefusedByName() {
        FakeClient sam = inLobby("u-1", "Sam");
        sam.post("lobby", "one", null).clear();

        sam.send(new ClientFrame.Edit(LOBBY, 2, "x"));
        sam.nextError("bad_request", "edit");
        sam.send(new ClientFrame.Edit(LOBBY, 1, "x".repeat(ParleyConfig.defaults().maxTextChars() + 1)));
        sam.nextError("too_large", "edit");
        sam.send(new ClientFrame.Edit(LOBBY, 1, ""));
        sam.nextError("bad_request", "edit");
        sam.send(new ClientFrame.Edit(new RoomId("elsewhere"), 1, "x"));
        sam.nextError("not_joined", "edit");
        sam.send(new ClientFrame.Delete(LOBBY, 1));
        sam.next("deleted");
        sam.send(new ClientFrame.Edit(LOBBY, 1, "too late"));
        assertTrue(sam.nextError("bad_request", "edit").getString("message").contains("deleted"));
        sam.send(new ClientFrame.React(LOBBY, 1, THUMBS));
        sam.nextError("bad_request", "react");
    }

    @Test
    void theAuthorOrAModeratorDeletesAndARepeatedDeleteAnswersTheSenderAlone() {
        FakeClient sam = inLobby("u-1", "Sam");
        FakeClient other = inLobby("u-2", "Ann");
        FakeClient mod = inLobby("mod", "Mod", Map.of("lobby", "moderator"));
        sam.post("lobby", "one", null).post("lobby", "two", null);
        clearAll(sam, other, mod);

        other.send(new ClientFrame.Delete(LOBBY, 1));
        other.nextError("forbidden", "delete");

        sam.send(new ClientFrame.Delete(LOBBY, 1));
        mod.send(new ClientFrame.Delete(LOBBY, 2));
        for (FakeClient client : List.of(sam, other, mod)) {
            assertEquals(List.of("deleted 1", "deleted 2"), client.takeAll());
        }
        sam.send(new ClientFrame.Delete(LOBBY, 1));
        JsonObject again = sam.next("deleted");
        assertEquals(1, again.getInt("rev"));
        other.expectNothing();
        mod.expectNothing();

        JsonObject tombstone = other.history("lobby", null, 10).next("history").getJsonArray("messages")
                .getJsonObject(0);
        assertEquals(Json.createObjectBuilder().add("type", "message").add("room", "lobby").add("seq", 1)
                .add("deleted", true).build(), tombstone);
    }

    @Test
    void reactionsToggleAndNameTheirUser() {
        FakeClient sam = inLobby("u-1", "Sam");
        FakeClient ann = inLobby("u-2", "Ann");
        sam.post("lobby", "one", null);
        clearAll(sam, ann);

        ann.send(new ClientFrame.React(LOBBY, 1, THUMBS));
        for (FakeClient client : List.of(sam, ann)) {
            JsonObject reaction = client.next("reaction");
            assertEquals(THUMBS, reaction.getString("emoji"));
            assertEquals("Ann", reaction.getString("user"));
            assertEquals("u-2", reaction.getString("sub"));
            assertTrue(reaction.getBoolean("on"));
            assertEquals(1, reaction.getInt("rev"));
        }
        sam.send(new ClientFrame.React(LOBBY, 1, ":tada:"));
        JsonObject message = sam.clear().history("lobby", null, 10).next("history").getJsonArray("messages")
                .getJsonObject(0);
        assertEquals(Json.createObjectBuilder().add(THUMBS, Json.createArrayBuilder().add("u-2"))
                .add(":tada:", Json.createArrayBuilder().add("u-1")).build(), message.getJsonObject("reactions"));

        ann.clear().send(new ClientFrame.React(LOBBY, 1, THUMBS));
        assertFalse(ann.next("reaction").getBoolean("on"));
        assertFalse(sam.next("reaction").getBoolean("on"));
        sam.send(new ClientFrame.React(LOBBY, 9, THUMBS));
        sam.nextError("bad_request", "react");
    }

    @Test
    void aRejoinWithRevGetsTheChangesItMissed() {
        FakeClient sam = inLobby("u-1", "Sam");
        sam.post("lobby", "one", null).post("lobby", "two", null).post("lobby", "three", null);
        sam.send(new ClientFrame.Edit(LOBBY, 1, "one!")); // rev 1
        sam.clear();

        FakeClient ann = fixture.connect().clear();
        ann.auth(Tokens.hs256("u-2", "Ann", NOW.plusSeconds(3600), Map.of())).next("authenticated");
        JsonObject joined = ann.join("lobby", null).next("joined");
        assertEquals(1, joined.getInt("rev"));
        assertFalse(joined.containsKey("changes"), "no changes without rev");
        String epoch = joined.getString("epoch");
        ann.disconnect();

        sam.send(new ClientFrame.Delete(LOBBY, 2)); // rev 2
        sam.send(new ClientFrame.React(LOBBY, 1, THUMBS)); // rev 3
        sam.post("lobby", "four", null);

        FakeClient back = fixture.connect().clear();
        back.auth(Tokens.hs256("u-2", "Ann", NOW.plusSeconds(3600), Map.of())).next("authenticated");
        back.send(new ClientFrame.Join(LOBBY, null, 3L, epoch, 1L));
        JsonObject recovered = back.next("joined");
        assertTrue(recovered.getBoolean("recovered"));
        assertEquals(3, recovered.getInt("rev"));
        assertEquals(List.of(4L), ChatFixture.seqs(recovered.getJsonArray("history")));
        assertEquals(List.of(1L, 2L), ChatFixture.seqs(recovered.getJsonArray("changes")));
        assertEquals(List.of("u-1"), ChatFixture.strings(recovered.getJsonArray("changes").getJsonObject(0)
                .getJsonObject("reactions").getJsonArray(THUMBS)));
        assertTrue(recovered.getJsonArray("changes").getJsonObject(1).getBoolean("deleted"));

        sam.send(new ClientFrame.Edit(LOBBY, 4, "four!")); // rev 4, live
        JsonObject live = back.next("edited");
        assertEquals(4, live.getInt("rev"));
    }
}
