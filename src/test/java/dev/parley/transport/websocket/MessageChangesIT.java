package dev.parley.transport.websocket;

import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code edit}, {@code delete} and {@code react} over real connections, with every error they answer, and the
 * recovery of changes with {@code rev}: on Tyrus in this JVM, and in the black-box run on the WAR on each server
 * ({@link ParleyTarget}). Open mode: a user is its name.
 */
@Tag(ParleyTarget.TAG)
class MessageChangesIT {

    @RegisterExtension
    static final ParleyTarget parley = ParleyTarget.defaults();

    private static final String THUMBS = "\uD83D\uDC4D";

    private String room;

    @BeforeEach
    void newRoom() {
        room = "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String frame(String type, long seq, String more) {
        return "{\"type\":\"" + type + "\",\"room\":\"" + room + "\",\"seq\":" + seq + more + "}";
    }

    private void post(WsClient client, String text) throws Exception {
        client.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
        client.expect("ack");
    }

    /** Ada (who saw Bob arrive) posts message 1, and both get it. */
    private void seenByBoth(WsClient ada, WsClient bob, String text) throws Exception {
        ada.expect("presence");
        post(ada, text);
        ada.expect("message");
        bob.expect("message");
    }

    @Test
    void anEditReachesEveryConnectionAndOnlyTheAuthorMayEdit() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), room, "ada");
             WsClient bob = WsClient.joined(parley.chat(), room, "bob")) {
            seenByBoth(ada, bob, "helo");

            bob.send(frame("edit", 1, ",\"text\":\"mine now\""));
            JsonObject refused = bob.expect("error");
            assertError(refused, "forbidden");
            assertEquals("edit", refused.getString("ref"));

            ada.send(frame("edit", 1, ",\"text\":\"hello\""));
            for (WsClient client : List.of(ada, bob)) {
                JsonObject edited = client.expect("edited");
                assertEquals(room, edited.getString("room"));
                assertEquals(1, edited.getInt("seq"));
                assertEquals(1, edited.getInt("rev"));
                assertEquals("hello", edited.getString("text"));
                assertTrue(edited.getString("editedAt").endsWith("Z"));
            }
            bob.send("{\"type\":\"history\",\"room\":\"" + room + "\"}");
            JsonObject message = bob.expect("history").getJsonArray("messages").getJsonObject(0);
            assertEquals("hello", message.getString("text"));
            assertTrue(message.containsKey("editedAt"));
            bob.expectNothingElse();
        }
    }

    @Test
    void aDeleteLeavesATombstoneAndARepeatedOneAnswersTheSenderAlone() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), room, "ada");
             WsClient bob = WsClient.joined(parley.chat(), room, "bob")) {
            seenByBoth(ada, bob, "oops");

            bob.send(frame("delete", 1, ""));
            assertError(bob.expect("error"), "forbidden");
            ada.send(frame("delete", 1, ""));
            for (WsClient client : List.of(ada, bob)) {
                JsonObject deleted = client.expect("deleted");
                assertEquals(1, deleted.getInt("seq"));
                assertEquals(1, deleted.getInt("rev"));
            }
            ada.send(frame("delete", 1, ""));
            assertEquals(1, ada.expect("deleted").getInt("rev"));
            bob.expectNothingElse();

            bob.send("{\"type\":\"history\",\"room\":\"" + room + "\"}");
            JsonObject tombstone = bob.expect("history").getJsonArray("messages").getJsonObject(0);
            assertTrue(tombstone.getBoolean("deleted"));
            assertFalse(tombstone.containsKey("text"));
            assertFalse(tombstone.containsKey("user"));
        }
    }

    @Test
    void aReactionTogglesForEveryConnection() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), room, "ada");
             WsClient bob = WsClient.joined(parley.chat(), room, "bob")) {
            seenByBoth(ada, bob, "ship it");

            for (boolean on : new boolean[] {true, false}) {
                bob.send(frame("react", 1, ",\"emoji\":\"" + THUMBS + "\""));
                for (WsClient client : List.of(ada, bob)) {
                    JsonObject reaction = client.expect("reaction");
                    assertEquals(THUMBS, reaction.getString("emoji"));
                    assertEquals("bob", reaction.getString("user"));
                    assertEquals("bob", reaction.getString("sub"));
                    assertEquals(on, reaction.getBoolean("on"));
                }
            }
            ada.send(frame("react", 1, ",\"emoji\":\":tada:\""));
            ada.expect("reaction");
            bob.expect("reaction");
            bob.send("{\"type\":\"history\",\"room\":\"" + room + "\"}");
            JsonObject message = bob.expect("history").getJsonArray("messages").getJsonObject(0);
            assertEquals(List.of("ada"), strings(message.getJsonObject("reactions").getJsonArray(":tada:")));
            assertFalse(message.getJsonObject("reactions").containsKey(THUMBS));
        }
    }

    @Test
    void badChangesAreAnsweredWithNamedErrors() throws Exception {
        try (WsClient ada = WsClient.joined(parley.chat(), room, "ada")) {
            post(ada, "one");
            ada.expect("message");

            String[][] refusals = {
                {frame("edit", 2, ",\"text\":\"x\""), "bad_request", "edit"},
                {frame("edit", 1, ",\"text\":\"\""), "bad_request", "edit"},
                {frame("edit", 1, ",\"text\":\"" + "x".repeat(4001) + "\""), "too_large", "edit"},
                {frame("delete", 0, ""), "bad_request", "delete"},
                {frame("react", 1, ",\"emoji\":\"ab\""), "bad_request", "react"},
                {frame("react", 1, ",\"emoji\":\"" + THUMBS + THUMBS + "\""), "bad_request", "react"},
                {frame("react", 7, ",\"emoji\":\":+1:\""), "bad_request", "react"},
                {"{\"type\":\"edit\",\"room\":\"elsewhere\",\"seq\":1,\"text\":\"x\"}", "not_joined", "edit"},
            };
            for (String[] refusal : refusals) {
                ada.send(refusal[0]);
                JsonObject error = ada.expect("error");
                assertError(error, refusal[1]);
                assertEquals(refusal[2], error.getString("ref"), refusal[0]);
            }
            ada.send(frame("delete", 1, ""));
            ada.expect("deleted");
            ada.send(frame("edit", 1, ",\"text\":\"back\""));
            assertError(ada.expect("error"), "bad_request");
            ada.send(frame("react", 1, ",\"emoji\":\":+1:\""));
            assertError(ada.expect("error"), "bad_request");
            ada.expectNothingElse();
        }
    }

    @Test
    void aRejoinWithRevRecoversTheChangesItMissed() throws Exception {
        String epoch;
        long rev;
        try (WsClient ada = WsClient.joined(parley.chat(), room, "ada")) {
            for (String text : List.of("one", "two", "three")) {
                post(ada, text);
                ada.expect("message");
            }
            ada.send(frame("edit", 1, ",\"text\":\"one!\""));
            ada.expect("edited");
            try (WsClient bob = WsClient.connect(parley.chat())) {
                bob.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"bob\"}");
                JsonObject joined = bob.expect("joined");
                epoch = joined.getString("epoch");
                rev = joined.getInt("rev");
                assertEquals(1, rev);
                assertFalse(joined.containsKey("changes"));
            }
            ada.send(frame("delete", 2, ""));
            ada.await(frame -> frame.getString("type").equals("deleted")); // after bob's presence join and leave
            ada.send(frame("react", 1, ",\"emoji\":\":eyes:\""));
            ada.expect("reaction");
            post(ada, "four");
        }
        try (WsClient bob = WsClient.connect(parley.chat())) {
            bob.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"bob\",\"since\":3,\"epoch\":\"" + epoch
                    + "\",\"rev\":" + rev + "}");
            JsonObject joined = bob.expect("joined");
            assertTrue(joined.getBoolean("recovered"));
            assertEquals(3, joined.getInt("rev"));
            assertEquals(List.of(4L), seqs(joined.getJsonArray("history")));
            JsonArray changes = joined.getJsonArray("changes");
            assertEquals(List.of(1L, 2L), seqs(changes));
            assertEquals(List.of("ada"), strings(changes.getJsonObject(0).getJsonObject("reactions")
                    .getJsonArray(":eyes:")));
            assertTrue(changes.getJsonObject(1).getBoolean("deleted"));
        }
    }

    private static List<Long> seqs(JsonArray messages) {
        return messages.getValuesAs(JsonObject.class).stream().map(m -> m.getJsonNumber("seq").longValue()).toList();
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
