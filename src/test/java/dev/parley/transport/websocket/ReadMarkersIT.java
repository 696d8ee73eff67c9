package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read markers, unread counts, the room list and activity over the wire, in this JVM and on each server
 * ({@link ParleyTarget}). Open mode: a user's tabs are the connections that joined under its name. Each test has users
 * and rooms of its own, so that the room lists do not meet.
 */
@Tag(ParleyTarget.TAG)
class ReadMarkersIT {

    @RegisterExtension
    static final ParleyTarget parley = ParleyTarget.defaults();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonObject join(WsClient client, String room, String name) throws Exception {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        return client.await(frame -> "joined".equals(frame.getString("type")));
    }

    /** Posts and waits for the sender's ack: the message is numbered. */
    private static long post(WsClient client, String room, String text) throws Exception {
        client.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"id\":\""
                + UUID.randomUUID() + "\"}");
        return client.await(frame -> "ack".equals(frame.getString("type"))).getJsonNumber("seq").longValueExact();
    }

    private static JsonObject awaitType(WsClient client, String type) throws Exception {
        return client.await(frame -> type.equals(frame.getString("type")));
    }

    @Test
    void aReadInOneTabReachesTheOtherTabAndNotItself() throws Exception {
        String room = unique("reads");
        String ada = unique("ada");
        try (WsClient tab1 = WsClient.connect(parley.chat()); WsClient tab2 = WsClient.connect(parley.chat());
             WsClient bob = WsClient.connect(parley.chat())) {
            join(tab1, room, ada);
            join(tab2, room, ada);
            join(bob, room, unique("bob"));
            post(bob, room, "one");
            post(bob, room, "two");
            long three = post(bob, room, "three");
            tab1.await(frame -> "message".equals(frame.getString("type")) && frame.getInt("seq") == three);

            tab1.send("{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":2}");

            JsonObject read = awaitType(tab2, "read");
            assertEquals(room, read.getString("room"));
            assertEquals(2, read.getInt("seq"));
            assertEquals(1, read.getInt("unread"));
            tab1.expectNothingElse();
        }
    }

    @Test
    void unreadIsExactAfterDeletesAndOwnMessages() throws Exception {
        String room = unique("exact");
        String ada = unique("ada");
        String bobName = unique("bob");
        try (WsClient tab = WsClient.connect(parley.chat()); WsClient bob = WsClient.connect(parley.chat())) {
            join(tab, room, ada);
            join(bob, room, bobName);
            post(bob, room, "one");
            long two = post(bob, room, "two");
            post(tab, room, "mine");
            post(bob, room, "four");
            bob.send("{\"type\":\"delete\",\"room\":\"" + room + "\",\"seq\":" + two + "}");
            awaitType(bob, "deleted");
        }
        try (WsClient again = WsClient.connect(parley.chat())) {
            JsonObject joined = join(again, room, ada);
            assertEquals(0, joined.getInt("read"));
            assertEquals(2, joined.getInt("unread"), "one and four: two is deleted, mine is ada's");
        }
    }

    @Test
    void theRoomListIsNewestFirstAndAWatchingTabGetsActivity() throws Exception {
        String quiet = unique("quiet");
        String older = unique("older");
        String newer = unique("newer");
        String ada = unique("ada");
        try (WsClient tab1 = WsClient.connect(parley.chat()); WsClient tab2 = WsClient.connect(parley.chat());
             WsClient bob = WsClient.connect(parley.chat())) {
            join(tab1, quiet, ada);
            join(tab1, older, ada);
            join(tab1, newer, ada);
            String bobName = unique("bob");
            join(bob, older, bobName);
            join(bob, newer, bobName);
            post(bob, older, "first");
            long first = post(bob, older, "first again");
            bob.await(frame -> "message".equals(frame.getString("type")) && frame.getInt("seq") == first);
            post(bob, newer, "later");
            join(tab2, quiet, ada);

            tab2.send("{\"type\":\"rooms\"}");
            JsonArray rooms = awaitType(tab2, "rooms").getJsonArray("rooms");

            List<String> order = rooms.stream().map(entry -> entry.asJsonObject().getString("room")).toList();
            assertEquals(List.of(newer, older, quiet), order.stream().filter(List.of(newer, older, quiet)::contains)
                    .toList());
            JsonObject olderEntry = rooms.getJsonObject(order.indexOf(older));
            assertEquals(2, olderEntry.getInt("unread"));
            assertEquals("first again", olderEntry.getJsonObject("last").getString("text"));

            long seq = post(bob, older, "news");
            JsonObject activity = awaitType(tab2, "activity");
            assertEquals(older, activity.getString("room"));
            assertEquals(seq, activity.getJsonNumber("seq").longValueExact());
        }
    }
}
