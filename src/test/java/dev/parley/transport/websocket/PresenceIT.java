package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.Tokens;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user is a subject on the wire (parley.auth=jwt): two users who share a name are two in {@code joined.users},
 * {@code presence}, {@code typing} and messages, and a user's tabs are one; in this JVM and on each server
 * ({@link ParleyTarget}). Open mode: {@link OpenPresenceIT}.
 */
@Tag(ParleyTarget.TAG)
class PresenceIT {

    @RegisterExtension
    static final ParleyTarget parley = ParleyTarget.with(Map.of("parley.auth", "jwt",
            "parley.jwtSecret", Tokens.SECRET));

    private static WsClient signedIn(String subject, String name) throws Exception {
        WsClient client = WsClient.connect(parley.chat());
        client.send("{\"type\":\"auth\",\"token\":\""
                + Tokens.hs256(subject, name, Instant.now().plusSeconds(600), Map.of()) + "\"}");
        client.expect("authenticated");
        return client;
    }

    private static JsonObject join(WsClient client, String room) throws Exception {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        return client.expect("joined");
    }

    @Test
    void twoUsersWhoShareANameAreTwoUsersAndATabIsNoNewUser() throws Exception {
        try (WsClient first = signedIn("u-1", "Sam");
             WsClient second = signedIn("u-2", "Sam");
             WsClient secondTab = signedIn("u-2", "Sam")) {
            join(first, "subjects");
            JsonObject joined = join(second, "subjects");
            assertEquals(Json.createArrayBuilder().add("Sam").build(), joined.getJsonArray("members"));
            assertEquals(Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("user", "Sam").add("sub", "u-1"))
                    .add(Json.createObjectBuilder().add("user", "Sam").add("sub", "u-2")).build(),
                    joined.getJsonArray("users"));
            JsonObject arrival = first.expect("presence");
            assertEquals("u-2", arrival.getString("sub"));
            assertEquals(2, arrival.getInt("members"));

            join(secondTab, "subjects");
            secondTab.send("{\"type\":\"typing\",\"room\":\"subjects\"}");
            JsonObject typing = first.expect("typing");
            assertEquals("Sam", typing.getString("user"));
            assertEquals("u-2", typing.getString("sub"));
            second.expectNothingElse(); // neither the tab's arrival nor its own typing

            secondTab.send("{\"type\":\"message\",\"room\":\"subjects\",\"text\":\"hi\",\"id\":\"m1\"}");
            JsonObject message = first.expect("message");
            assertEquals("u-2", message.getString("sub"));
            assertEquals("Sam", message.getString("user"));

            secondTab.send("{\"type\":\"leave\",\"room\":\"subjects\"}");
            first.expectNothingElse(); // u-2 is still present through its other connection
            second.send("{\"type\":\"leave\",\"room\":\"subjects\"}");
            JsonObject departure = first.expect("presence");
            assertEquals("leave", departure.getString("event"));
            assertEquals("u-2", departure.getString("sub"));
            assertEquals(1, departure.getInt("members"));
        }
    }
}
