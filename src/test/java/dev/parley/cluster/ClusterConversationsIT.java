package dev.parley.cluster;

import static dev.parley.cluster.Frames.connect;
import static dev.parley.cluster.Frames.next;
import static dev.parley.cluster.Frames.post;
import static dev.parley.cluster.Frames.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.cluster.Frames.Joined;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conversations across two nodes on one Redis (issue 21): an edit and a reaction made on one node reach the members on
 * the other, a read in a tab on node 1 clears the badge of the same user's tab on node 2 (which watches the room from
 * its room list), and unread counts stay exact after deletes and after a node restart. The processes are shared by
 * the tests; each test has its own room.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterConversationsIT {

    private static Cluster cluster;

    private String room;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Cluster.start("conversations", 2, Map.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void newRoom() {
        room = Cluster.newRoom();
    }

    @Test
    void anEditAndAReactionOnOneNodeReachTheOther() throws Exception {
        try (Joined ada = connect(cluster.node(1), room, "ada");
             Joined bob = connect(cluster.node(2), room, "bob")) {
            long seq = seq(post(ada.client(), room, "helo", "a1"));

            send(ada.client(), "edit", seq, "text", "hello");
            JsonObject edited = next(bob.client(), room, "edited");
            assertEquals("hello", edited.getString("text"));
            assertEquals(seq, seq(edited));
            assertEquals(1, edited.getInt("rev"));
            assertEquals(edited, next(ada.client(), room, "edited"), "the author sees the same frame");

            send(bob.client(), "react", seq, "emoji", ":tada:");
            JsonObject reaction = next(ada.client(), room, "reaction");
            assertEquals("bob", reaction.getString("user"));
            assertEquals(":tada:", reaction.getString("emoji"));
            assertEquals(true, reaction.getBoolean("on"));
            assertEquals(2, reaction.getInt("rev"));
        }
    }

    @Test
    void aReadInATabOnOneNodeClearsTheBadgeOfATabOnTheOther() throws Exception {
        String reader = "reader-" + room; // open mode: the name is the subject, and the other tests have an ada
        try (Joined tab1 = connect(cluster.node(1), room, reader);
             WsClient tab2 = WsClient.connect(cluster.node(2));
             Joined bob = connect(cluster.node(2), room, "bob")) {
            Frames.join(tab2, "other-" + room, reader, null, null); // the same user on this connection, elsewhere
            tab2.send("{\"type\":\"rooms\"}");
            JsonObject rooms = tab2.await(frame -> frame.getString("type").equals("rooms"));
            assertEquals(2, rooms.getJsonArray("rooms").size(), () -> "the reader's rooms: " + rooms);
            JsonObject entry = entry(rooms, room);
            assertEquals(0, entry.getInt("unread"));

            post(bob.client(), room, "one", "b1");
            long latest = seq(post(bob.client(), room, "two", "b2"));
            assertEquals(1, seq(next(tab2, room, "activity")));
            assertEquals(latest, seq(next(tab2, room, "activity")));

            send(tab1.client(), "read", latest, null, null);
            JsonObject read = next(tab2, room, "read");
            assertEquals(latest, seq(read));
            assertEquals(0, read.getInt("unread"), "the badge is cleared on the other node");
        }
    }

    @Test
    void unreadStaysExactAfterDeletesAndANodeRestart() throws Exception {
        long latest;
        try (Joined ada = connect(cluster.node(1), room, "ada");
             Joined bob = connect(cluster.node(2), room, "bob")) {
            assertEquals(0, ada.joined().getInt("unread"));
            long first = seq(post(bob.client(), room, "one", "b1"));
            post(ada.client(), room, "mine", "a1");
            long third = seq(post(bob.client(), room, "three", "b3"));
            latest = seq(post(bob.client(), room, "four", "b4"));
            send(bob.client(), "delete", third, null, null);
            next(ada.client(), room, "deleted");
            assertEquals(1, first);
        }
        cluster.process(1).stop();
        cluster.process(1).start();
        try (Joined ada = connect(cluster.node(1), room, "ada")) {
            assertEquals(0, ada.joined().getInt("read"), "the marker kept from the first join");
            assertEquals(latest, ada.seq());
            assertEquals(2, ada.joined().getInt("unread"), "one and four: not ada's own, not the deleted three");
        }
    }

    /** Sends a frame about message {@code seq} of the test's room, with one more field when {@code field} is set. */
    private void send(WsClient client, String type, long seq, String field, String value) throws Exception {
        var frame = Json.createObjectBuilder().add("type", type).add("room", room).add("seq", seq);
        if (field != null) {
            frame.add(field, value);
        }
        client.send(frame.build().toString());
    }

    private static JsonObject entry(JsonObject rooms, String name) {
        List<JsonObject> entries = rooms.getJsonArray("rooms").getValuesAs(JsonObject.class);
        return entries.stream().filter(entry -> entry.getString("room").equals(name)).findFirst().orElseThrow();
    }
}
