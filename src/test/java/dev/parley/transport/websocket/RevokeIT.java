package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.application.AccessService;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.testing.FrameClient;
import dev.parley.testing.Tokens;
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access changes reach connections already in a room, over the real endpoint (parley.auth=jwt): each one the room no
 * longer admits gets {@code left} with reason {@code revoked}, the others a presence leave.
 */
class RevokeIT {

    private static ParleyServer server;
    private static AccessService access;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of("parley.auth", "jwt",
                "parley.jwtSecret", Tokens.SECRET)));
        access = server.chat().access();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String auth(String subject, Map<String, String> rooms) {
        return "{\"type\":\"auth\",\"token\":\"" + Tokens.hs256(subject, subject, Instant.now().plusSeconds(600), rooms)
                + "\"}";
    }

    private static WsClient joined(String subject, Map<String, String> rooms, String room) throws Exception {
        WsClient client = WsClient.connect(server.chatUri());
        client.send(auth(subject, rooms));
        client.expect("authenticated");
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        client.expect("joined");
        return client;
    }

    private static void assertRevoked(WsClient client, String room) throws Exception {
        JsonObject left = client.expect("left");
        assertEquals(room, left.getString("room"));
        assertEquals("revoked", left.getString("reason"));
    }

    private static void assertLeave(WsClient client, String sub) throws Exception {
        JsonObject presence = client.expect("presence");
        assertEquals("leave", presence.getString("event"));
        assertEquals(sub, presence.getString("sub"));
    }

    @Test
    void aMembershipTakenAwayByTheOperatorTakesItsUserOut() throws Exception {
        RoomId room = new RoomId("revoke-member");
        access.setAccess(room, RoomAccess.PRIVATE);
        access.setMember(room, "ada", Role.MEMBER);
        try (WsClient boss = joined("boss", Map.of(room.value(), "owner"), room.value());
             WsClient ada = joined("ada", Map.of(), room.value())) {
            boss.expect("presence");

            access.setMember(room, "ada", null);

            assertRevoked(ada, room.value());
            assertLeave(boss, "ada");
            ada.send("{\"type\":\"join\",\"room\":\"" + room.value() + "\"}");
            FrameClient.assertError(ada.expect("error"), "forbidden");
            boss.expectNothingElse();
        }
    }

    @Test
    void aRoomMadePrivateTakesOutWhoHasNoRole() throws Exception {
        RoomId room = new RoomId("revoke-private");
        try (WsClient boss = joined("boss", Map.of(room.value(), "owner"), room.value());
             WsClient eve = joined("eve", Map.of(), room.value())) {
            boss.expect("presence");

            access.setAccess(room, RoomAccess.PRIVATE);

            assertRevoked(eve, room.value());
            assertLeave(boss, "eve");
            boss.expectNothingElse();
        }
    }

    @Test
    void aRenewedTokenWithoutTheGrantTakesTheConnectionOutOfThatRoomOnly() throws Exception {
        RoomId room = new RoomId("revoke-renewal");
        access.setAccess(room, RoomAccess.PRIVATE);
        try (WsClient boss = joined("boss", Map.of(room.value(), "owner"), room.value());
             WsClient ada = joined("ada", Map.of(room.value(), "member"), room.value())) {
            boss.expect("presence");
            ada.send("{\"type\":\"join\",\"room\":\"revoke-lobby\"}");
            ada.expect("joined");

            ada.send(auth("ada", Map.of()));

            ada.expect("authenticated");
            assertRevoked(ada, room.value());
            assertLeave(boss, "ada");
            ada.send("{\"type\":\"message\",\"room\":\"revoke-lobby\",\"text\":\"still here\",\"id\":\"m1\"}");
            ada.expect("ack");
            ada.expect("message");
            ada.expectNothingElse();
        }
    }
}
