package dev.parley.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatException;
import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.MemoryChat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resource's translation from HTTP to the chat, called directly (the black-box suite covers it over HTTP). */
class RoomsResourceTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");

    private final RoomsResource resource = new RoomsResource();

    RoomsResourceTest() {
        resource.config = ParleyConfig.load(Map.of("PARLEY_MAX_TEXT_CHARS", "10"), Map.of());
        resource.chat = MemoryChat.start(resource.config, Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime,
                ChatMetrics.NONE);
    }

    @Test
    void publishAnswers202WithTheSeqAndTime() {
        resource.chat.publish(new RoomId("lobby"), new UserName("ada"), "first", null).message();

        Response response = resource.publish("lobby", body("{\"text\":\"42.10\",\"user\":\"ticker\"}"));

        assertEquals(202, response.getStatus());
        assertEquals("application/json", response.getMediaType().toString());
        assertEquals(Json.createObjectBuilder().add("type", "ack").add("room", "lobby").add("seq", 2)
                .add("ts", "2026-11-23T10:15:30.123Z").build(), json((String) response.getEntity()));
        assertEquals("42.10", resource.chat.history(new RoomId("lobby"), null, 1).get(0).text());
    }

    @Test
    void roomsListsNamesCountsAndSeqs() {
        resource.chat.publish(new RoomId("ticker"), new UserName("ticker"), "1", null).message();

        assertEquals(json("{\"rooms\":[{\"room\":\"ticker\",\"members\":0,\"seq\":1}]}"), json(resource.rooms()));
    }

    @Test
    void historyIsTheWebSocketHistoryFrame() {
        for (int i = 1; i <= 4; i++) {
            resource.chat.publish(new RoomId("lobby"), new UserName("ticker"), "m" + i, null).message();
        }

        JsonObject page = json(resource.history("lobby", "4", "2", null));

        assertEquals("history", page.getString("type"));
        assertEquals("lobby", page.getString("room"));
        assertEquals(2, page.getJsonArray("messages").size());
        assertEquals("m2", page.getJsonArray("messages").getJsonObject(0).getString("text"));
        assertEquals(3, page.getJsonArray("messages").getJsonObject(1).getInt("seq"));
        assertEquals(4, json(resource.history("lobby", null, null, null)).getJsonArray("messages").size());
    }

    @Test
    void badRoomUserOrTextIs400() {
        assertBadRequest(() -> resource.publish("no spaces", body("{\"text\":\"a\",\"user\":\"ticker\"}")));
        assertBadRequest(() -> resource.publish("lobby", body("{\"text\":\"a\",\"user\":\"\"}")));
        assertBadRequest(() -> resource.publish("lobby", body("{\"text\":\"a\",\"user\":\"bad\\nname\"}")));
        assertBadRequest(() -> resource.publish("lobby", body("{\"user\":\"ticker\"}")));
        assertBadRequest(() -> resource.publish("lobby", body("{\"text\":5,\"user\":\"ticker\"}")));
        assertBadRequest(() -> resource.publish("lobby", body("{\"text\":\"a\",\"user\":\"\\udc00x\"}")));
        assertBadRequest(() -> resource.publish("lobby", body("[".repeat(20_000))));
        assertBadRequest(() -> resource.publish("lobby", body("{\"a\":" + "[".repeat(20_000) + "]}")));
        assertBadRequest(() -> resource.publish("lobby", body("[1]")));
        assertBadRequest(() -> resource.publish("lobby", body("not json")));
        assertBadRequest(() -> resource.publish("lobby", body("")));
        assertBadRequest(() -> resource.history("lobby", "-1", null, null));
        assertBadRequest(() -> resource.history("lobby", null, "0", null));
        assertBadRequest(() -> resource.history("lobby", null, "201", null));
        assertBadRequest(() -> resource.history("lobby", null, "ten", null));
        assertBadRequest(() -> resource.history("lobby", null, null, "   "));
        assertBadRequest(() -> resource.history("lobby", null, null, "x".repeat(201)));
    }

    @Test
    void searchWithoutAnArchiveIsRefused() {
        ChatException refused = assertThrows(ChatException.class, () -> resource.history("lobby", null, null, "cat"));

        assertEquals("bad_request", refused.code().wire());
        assertEquals("search needs the server's archive", refused.getMessage());
    }

    @Test
    void theChatsTextRulesApply() {
        ChatException tooLong = assertThrows(ChatException.class,
                () -> resource.publish("lobby", body("{\"text\":\"12345678901\",\"user\":\"ticker\"}")));
        assertEquals("too_large", tooLong.code().wire());
        ChatException empty = assertThrows(ChatException.class,
                () -> resource.publish("lobby", body("{\"text\":\"\",\"user\":\"ticker\"}")));
        assertEquals("bad_request", empty.code().wire());
        // A lone surrogate has no UTF-8 form: broadcast, it would cut off every member.
        ChatException halfEmoji = assertThrows(ChatException.class,
                () -> resource.publish("lobby", body("{\"text\":\"\\ud83d\",\"user\":\"ticker\"}")));
        assertEquals("bad_request", halfEmoji.code().wire());
    }

    @Test
    void aBodyOverTheFrameLimitIs413() {
        int max = resource.config.maxFrameBytes();
        String big = "{\"text\":\"" + "x".repeat(max) + "\",\"user\":\"ticker\"}";

        ApiError error = assertThrows(ApiError.class, () -> resource.publish("lobby", body(big)));

        assertEquals(413, error.status());
        assertEquals("too_large", error.code());
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String padded = "{\"a\":\"" + "x".repeat(100 - 8) + "\"}";
        assertEquals(100, padded.length());
        assertEquals(92, RoomsResource.readObject(body(padded), 100).requiredString("a").length());
    }

    // --- room access ---

    @Test
    void accessMembersAndBansAreSetAndRead() {
        assertEquals(json("{\"room\":\"staff\",\"access\":\"public\",\"members\":{},\"bans\":[]}"),
                json(resource.access("staff")));

        resource.setAccess("staff", body("{\"access\":\"private\"}"));
        resource.setMember("staff", "auth0|ada", body("{\"role\":\"owner\"}"));
        String rules = resource.ban("staff", "eve");

        assertEquals(json("{\"room\":\"staff\",\"access\":\"private\",\"members\":{\"auth0|ada\":\"owner\"},"
                + "\"bans\":[\"eve\"]}"), json(rules));
        assertEquals(204, resource.removeMember("staff", "auth0|ada").getStatus());
        assertEquals(204, resource.unban("staff", "eve").getStatus());
        assertEquals(json("{\"room\":\"staff\",\"access\":\"private\",\"members\":{},\"bans\":[]}"),
                json(resource.access("staff")));
    }

    @Test
    void removingWhatIsNotThereIs404() {
        ApiError notMember = assertThrows(ApiError.class, () -> resource.removeMember("staff", "ada"));
        assertEquals(404, notMember.status());
        assertEquals("not_found", notMember.code());
        assertEquals(404, assertThrows(ApiError.class, () -> resource.unban("staff", "ada")).status());
    }

    @Test
    void deletingAMessageLeavesATombstoneAndAnswers204AgainOr404() {
        resource.chat.publish(new RoomId("lobby"), new UserName("ticker"), "oops", null);
        resource.chat.publish(new RoomId("lobby"), new UserName("ticker"), "fine", null);

        assertEquals(204, resource.deleteMessage("lobby", "1").getStatus());
        assertEquals(204, resource.deleteMessage("lobby", "1").getStatus(), "deleted before: the same answer");
        JsonObject page = json(resource.history("lobby", null, null, null));
        assertEquals(json("{\"type\":\"message\",\"room\":\"lobby\",\"seq\":1,\"deleted\":true}"),
                page.getJsonArray("messages").getJsonObject(0));
        assertEquals("fine", page.getJsonArray("messages").getJsonObject(1).getString("text"));
        assertEquals(404, assertThrows(ApiError.class, () -> resource.deleteMessage("lobby", "3")).status());
        assertEquals(404, assertThrows(ApiError.class, () -> resource.deleteMessage("nowhere", "1")).status());
        assertBadRequest(() -> resource.deleteMessage("lobby", "0"), "seq");
        assertBadRequest(() -> resource.deleteMessage("lobby", "x"), "seq");
        assertBadRequest(() -> resource.deleteMessage("no room", "1"));
    }

    @Test
    void badAccessInputIs400NamingTheField() {
        assertBadRequest(() -> resource.setAccess("staff", body("{\"access\":\"secret\"}")), "access");
        assertBadRequest(() -> resource.setAccess("staff", body("{}")), "access");
        assertBadRequest(() -> resource.setAccess("staff", body("{\"access\":1}")), "access");
        assertBadRequest(() -> resource.setAccess("no spaces", body("{\"access\":\"private\"}")), "room");
        assertBadRequest(() -> resource.setAccess("staff", body("not json")), "body");
        assertBadRequest(() -> resource.setMember("staff", "ada", body("{\"role\":\"admin\"}")), "role");
        assertBadRequest(() -> resource.setMember("staff", "ada", body("{}")), "role");
        assertBadRequest(() -> resource.setMember("staff", "a\u0000b", body("{\"role\":\"member\"}")), "user");
        assertBadRequest(() -> resource.setMember("staff", "x".repeat(256), body("{\"role\":\"member\"}")), "user");
        assertBadRequest(() -> resource.ban("staff", ""), "user");
        assertBadRequest(() -> resource.ban("x".repeat(65), "ada"), "room");
        assertBadRequest(() -> resource.unban("staff", "a\nb"), "user");
        assertBadRequest(() -> resource.removeMember("bad room", "ada"), "room");
    }

    @Test
    void aDirectConversationStaysPrivateWithItsTwoMembers() {
        String direct = dev.parley.domain.DirectRoom.between("ada", "bob").value();

        ChatException access = assertThrows(ChatException.class,
                () -> resource.setAccess(direct, body("{\"access\":\"public\"}")));
        assertEquals("bad_request", access.code().wire());
        assertTrue(access.getMessage().startsWith("room: "), access.getMessage());
        assertThrows(ChatException.class, () -> resource.setMember(direct, "eve", body("{\"role\":\"member\"}")));
        assertEquals("private", json(resource.access(direct)).getString("access"));
    }

    private static void assertBadRequest(org.junit.jupiter.api.function.Executable call, String field) {
        ApiError error = assertThrows(ApiError.class, call);
        assertEquals(400, error.status());
        assertEquals("bad_request", error.code());
        assertTrue(error.getMessage().startsWith(field), error.getMessage());
    }

    private static void assertBadRequest(org.junit.jupiter.api.function.Executable call) {
        ApiError error = assertThrows(ApiError.class, call);
        assertEquals(400, error.status());
        assertEquals("bad_request", error.code());
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
