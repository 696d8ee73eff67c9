package dev.parley.transport.websocket;

import static dev.parley.testing.FrameClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.AccessService;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Private rooms, direct conversations, kick and ban over real connections to the endpoint on Tyrus (open mode). */
class AccessIT {

    private static ParleyServer server;
    private static AccessService access;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start();
        access = server.chat().access();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String frame(String type, String room, String user) {
        return "{\"type\":\"" + type + "\",\"room\":\"" + room + "\",\"user\":\"" + user + "\"}";
    }

    @Test
    void aPrivateRoomRefusesAStrangerWhoLearnsNothingOfIt() throws Exception {
        RoomId room = new RoomId("access-private");
        access.setAccess(room, RoomAccess.PRIVATE);
        access.setMember(room, "ada", Role.MEMBER);
        try (WsClient ada = WsClient.joined(server.chatUri(), "access-private", "ada");
             WsClient eve = WsClient.joined(server.chatUri(), "access-lobby", "eve")) {
            ada.send("{\"type\":\"message\",\"room\":\"access-private\",\"text\":\"secret\"}");
            ada.expect("ack");
            ada.expect("message");

            eve.send("{\"type\":\"join\",\"room\":\"access-private\",\"since\":0}");
            JsonObject refused = eve.expect("error");
            assertError(refused, "forbidden");
            assertEquals("join", refused.getString("ref"));
            eve.send("{\"type\":\"history\",\"room\":\"access-private\"}");
            assertError(eve.expect("error"), "not_joined");
            eve.send("{\"type\":\"typing\",\"room\":\"access-private\"}");
            assertError(eve.expect("error"), "not_joined");
            eve.expectNothingElse();
            ada.expectNothingElse();
        }
    }

    @Test
    void aMembershipInOneRoomDoesNotAdmitToAnother() throws Exception {
        for (String name : new String[] {"access-a", "access-b"}) {
            access.setAccess(new RoomId(name), RoomAccess.PRIVATE);
        }
        access.setMember(new RoomId("access-a"), "ada", Role.OWNER);
        try (WsClient ada = WsClient.joined(server.chatUri(), "access-a", "ada")) {
            ada.send("{\"type\":\"join\",\"room\":\"access-b\"}");
            assertError(ada.expect("error"), "forbidden");
            ada.send(frame("kick", "access-b", "bob"));
            assertError(ada.expect("error"), "forbidden");
        }
    }

    @Test
    void aThirdUserCannotJoinADirectConversationNorGuessIt() throws Exception {
        try (WsClient ada = WsClient.joined(server.chatUri(), "access-dm-lobby", "ada");
             WsClient bob = WsClient.joined(server.chatUri(), "access-dm-lobby", "bob");
             WsClient eve = WsClient.joined(server.chatUri(), "access-dm-lobby", "eve")) {
            ada.expect("presence");
            ada.expect("presence");
            bob.expect("presence");
            ada.send("{\"type\":\"direct\",\"user\":\"bob\"}");
            String room = ada.expect("direct").getString("room");
            bob.send("{\"type\":\"direct\",\"user\":\"ada\"}");
            assertEquals(room, bob.expect("direct").getString("room"));

            ada.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            ada.expect("joined");
            eve.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            assertError(eve.expect("error"), "forbidden");
            eve.send("{\"type\":\"direct\",\"user\":\"bob\"}");
            String eves = eve.expect("direct").getString("room");
            assertNotEquals(room, eves);
            eve.send("{\"type\":\"join\",\"room\":\"dm.ffffffffffffffffffffffffffffffffffffffff\"}");
            assertError(eve.expect("error"), "forbidden");
        }
    }

    @Test
    void aKickedUserLeavesAtOnceAndMayComeBack() throws Exception {
        access.setMember(new RoomId("access-kick"), "mod", Role.MODERATOR);
        try (WsClient mod = WsClient.joined(server.chatUri(), "access-kick", "mod");
             WsClient bob = WsClient.joined(server.chatUri(), "access-kick", "bob")) {
            mod.expect("presence");
            mod.send(frame("kick", "access-kick", "bob"));

            JsonObject left = bob.expect("left");
            assertEquals("kicked", left.getString("reason"));
            assertEquals("access-kick", left.getString("room"));
            JsonObject presence = mod.await(f -> f.getString("type").equals("presence"));
            assertEquals("leave", presence.getString("event"));
            assertEquals("bob", presence.getString("user"));

            bob.send("{\"type\":\"join\",\"room\":\"access-kick\"}");
            bob.expect("joined");
        }
    }

    @Test
    void aBannedUserIsRefusedUntilUnbannedAndOthersMayNotModerate() throws Exception {
        access.setMember(new RoomId("access-ban"), "own", Role.OWNER);
        access.setMember(new RoomId("access-ban"), "mod", Role.MODERATOR);
        try (WsClient own = WsClient.joined(server.chatUri(), "access-ban", "own");
             WsClient mod = WsClient.joined(server.chatUri(), "access-ban", "mod");
             WsClient bob = WsClient.joined(server.chatUri(), "access-ban", "bob")) {
            for (String type : new String[] {"kick", "ban", "unban"}) {
                bob.send(frame(type, "access-ban", "mod"));
                JsonObject refused = bob.expect("error");
                assertError(refused, "forbidden");
                assertEquals(type, refused.getString("ref"));
            }
            mod.send(frame("ban", "access-ban", "own"));
            assertError(mod.await(f -> f.getString("type").equals("error")), "forbidden");

            own.send(frame("ban", "access-ban", "bob"));
            assertEquals("banned", bob.expect("left").getString("reason"));
            bob.send("{\"type\":\"join\",\"room\":\"access-ban\"}");
            assertError(bob.expect("error"), "forbidden");

            mod.send(frame("unban", "access-ban", "bob"));
            assertEquals("unban", mod.await(f -> f.getString("type").equals("moderated")).getString("action"));
            bob.send("{\"type\":\"join\",\"room\":\"access-ban\"}");
            bob.expect("joined");
        }
    }

    @Test
    void noMessageOfABannedUserIsNumberedAfterTheBanWhileItFloods() throws Exception {
        RoomId room = new RoomId("access-race");
        access.setMember(room, "own", Role.OWNER);
        try (WsClient own = WsClient.joined(server.chatUri(), "access-race", "own");
             WsClient bob = WsClient.joined(server.chatUri(), "access-race", "bob")) {
            own.expect("presence");
            for (int i = 0; i < 30; i++) { // within the burst: none is refused for its rate
                bob.send("{\"type\":\"message\",\"room\":\"access-race\",\"text\":\"spam " + i + "\"}");
            }
            own.send(frame("ban", "access-race", "bob"));
            own.await(f -> f.getString("type").equals("moderated"));
            own.send("{\"type\":\"message\",\"room\":\"access-race\",\"text\":\"after the ban\",\"id\":\"a1\"}");
            long after = own.await(f -> f.getString("type").equals("ack")).getJsonNumber("seq").longValue();

            List<String> bobs = new ArrayList<>();
            for (ChatMessage message : server.chat().history(room, null, 200)) {
                if (message.user().value().equals("bob")) {
                    assertTrue(message.seq() < after, "bob's " + message.text() + " came after the ban");
                    bobs.add(message.text());
                }
            }
            // bob hears of its ban once, and every message of its after that is refused
            JsonObject frame;
            int acks = 0;
            while (!(frame = bob.next()).getString("type").equals("left")) {
                acks += frame.getString("type").equals("ack") ? 1 : 0;
            }
            assertEquals("banned", frame.getString("reason"));
            assertEquals(bobs.size(), acks);
            for (int refused = 0; refused < 30 - bobs.size(); refused++) {
                JsonObject error = bob.expect("error");
                assertTrue(List.of("forbidden", "not_joined").contains(error.getString("code")), error::toString);
            }
            bob.expectNothingElse();
        }
    }
}
