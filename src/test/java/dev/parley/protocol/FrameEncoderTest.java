package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.PresentUser;
import dev.parley.domain.Role;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameEncoderTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName ADA = new UserName("ada");
    private static final UserName BOB = new UserName("bob");
    private static final Instant TS = Instant.parse("2026-11-23T10:15:30.123Z");

    private final FrameEncoder encoder = new FrameEncoder();

    @Test
    void encodesWelcome() {
        JsonObject json = encode(new ServerFrame.Welcome("s-1", null, new ClientLimits(4000, 65536, 20), null));

        assertFields(json, "type", "session", "limits");
        assertEquals("welcome", json.getString("type"));
        assertEquals("s-1", json.getString("session"));
        JsonObject limits = json.getJsonObject("limits");
        assertFields(limits, "maxTextChars", "maxFrameBytes", "messagesPerSecond");
        assertEquals(4000, limits.getInt("maxTextChars"));
        assertEquals(65536, limits.getInt("maxFrameBytes"));
        assertEquals(20, limits.getInt("messagesPerSecond"));
    }

    @Test
    void encodesWelcomeWithTheSignedInUser() {
        JsonObject json = encode(new ServerFrame.Welcome("s-1", ADA, new ClientLimits(4000, 65536, 20), null));

        assertFields(json, "type", "session", "user", "limits");
        assertEquals("ada", json.getString("user"));
    }

    @Test
    void encodesWelcomeAskingForAuth() {
        JsonObject json = encode(new ServerFrame.Welcome("s-1", null, new ClientLimits(4000, 65536, 20),
                new SignIn("/token")));
        JsonObject withoutUrl = encode(new ServerFrame.Welcome("s-1", null, new ClientLimits(4000, 65536, 20),
                new SignIn(null)));

        assertFields(json, "type", "session", "limits", "auth", "tokenUrl");
        assertEquals("jwt", json.getString("auth"));
        assertEquals("/token", json.getString("tokenUrl"));
        assertFields(withoutUrl, "type", "session", "limits", "auth");
    }

    @Test
    void encodesAuthenticated() {
        JsonObject json = encode(new ServerFrame.Authenticated(ADA, Instant.parse("2026-12-07T10:00:00Z"),
                Map.of(new RoomId("ops"), Role.OWNER, LOBBY, Role.MEMBER)));

        assertFields(json, "type", "user", "expires", "rooms");
        assertEquals("authenticated", json.getString("type"));
        assertEquals("ada", json.getString("user"));
        assertEquals("2026-12-07T10:00:00.000Z", json.getString("expires"));
        assertEquals("{\"lobby\":\"member\",\"ops\":\"owner\"}", json.getJsonObject("rooms").toString());
    }

    @Test
    void encodesJoined() {
        JsonObject json = encode(new ServerFrame.Joined(LOBBY, ADA, List.of(user(BOB), user(ADA)), 2, "e-1",
                List.of(message(1, "c1", "one"), message(2, null, "two")), true));

        assertFields(json, "type", "room", "user", "members", "users", "seq", "epoch", "history", "recovered",
                "rev", "read", "unread");
        assertEquals(2, json.getJsonNumber("read").longValueExact());
        assertEquals(0, json.getJsonNumber("unread").longValueExact());
        assertEquals("e-1", json.getString("epoch"));
        assertEquals(0, json.getInt("rev"));
        assertEquals("joined", json.getString("type"));
        assertEquals("lobby", json.getString("room"));
        assertEquals("ada", json.getString("user"));
        assertEquals(List.of("ada", "bob"), strings(json.getJsonArray("members")));
        assertEquals("[{\"user\":\"ada\",\"sub\":\"ada\"},{\"user\":\"bob\",\"sub\":\"bob\"}]",
                json.getJsonArray("users").toString());
        assertEquals(2, json.getJsonNumber("seq").longValueExact());
        assertEquals(JsonValue.TRUE, json.get("recovered"));
        JsonArray history = json.getJsonArray("history");
        assertEquals(2, history.size());
        assertMessage(history.getJsonObject(0), 1, "c1", "one");
        assertMessage(history.getJsonObject(1), 2, null, "two");
    }

    @Test
    void encodesJoinedOfAnEmptyRoom() {
        JsonObject json = encode(new ServerFrame.Joined(LOBBY, ADA, List.of(user(ADA)), 0, "e-1", List.of(), false));

        assertEquals(0, json.getInt("seq"));
        assertEquals(List.of(), json.getJsonArray("history"));
        assertEquals(JsonValue.FALSE, json.get("recovered"));
    }

    @Test
    void encodesLeft() {
        JsonObject json = encode(new ServerFrame.Left(LOBBY));

        assertFields(json, "type", "room");
        assertEquals("left", json.getString("type"));
        assertEquals("lobby", json.getString("room"));
    }

    @Test
    void encodesLeftWithAReason() {
        JsonObject json = encode(new ServerFrame.Left(LOBBY, dev.parley.domain.Removal.BANNED));

        assertFields(json, "type", "room", "reason");
        assertEquals("banned", json.getString("reason"));
    }

    @Test
    void encodesDirectAndModerated() {
        JsonObject direct = encode(new ServerFrame.Direct("bob", new dev.parley.domain.RoomId("dm.0a")));
        assertFields(direct, "type", "user", "room");
        assertEquals("dm.0a", direct.getString("room"));

        JsonObject done = encode(new ServerFrame.Moderated("kick", LOBBY, "bob"));
        assertFields(done, "type", "action", "room", "user");
        assertEquals("moderated", done.getString("type"));
        assertEquals("kick", done.getString("action"));
    }

    @Test
    void encodesMessageWithId() {
        assertMessage(encode(new ServerFrame.Message(message(3, "c1", "hi"))), 3, "c1", "hi");
    }

    @Test
    void joinedListsUsersWhoShareANameBySubjectAndTheirNameOnce() {
        UserName sam = new UserName("sam");
        JsonObject json = encode(new ServerFrame.Joined(LOBBY, ADA, List.of(new PresentUser(sam, "z"),
                new PresentUser(sam, "B"), user(ADA)), 0, "e-1", List.of(), false));

        assertEquals(List.of("ada", "sam"), strings(json.getJsonArray("members")));
        assertEquals("[{\"user\":\"ada\",\"sub\":\"ada\"},{\"user\":\"sam\",\"sub\":\"B\"},"
                + "{\"user\":\"sam\",\"sub\":\"z\"}]", json.getJsonArray("users").toString());
    }

    @Test
    void aMessageCarriesItsAuthorsSubjectOnlyWhenItDiffersFromTheName() {
        JsonObject signed = encode(new ServerFrame.Message(new ChatMessage(LOBBY, 3, null, ADA, "hi", TS, "sub-a")));
        assertEquals("sub-a", signed.getString("sub"));
        assertFields(signed, "type", "room", "seq", "user", "sub", "text", "ts");

        String plain = encoder.encode(new ServerFrame.Message(new ChatMessage(LOBBY, 3, null, ADA, "hi", TS, "ada")));
        assertEquals(encoder.encode(new ServerFrame.Message(message(3, null, "hi"))), plain,
                "a subject equal to the name leaves the frame as open mode writes it");
        assertFalse(plain.contains("\"sub\""));
    }

    @Test
    void leavesOutAMessageIdThatIsNull() {
        assertMessage(encode(new ServerFrame.Message(message(3, null, "hi"))), 3, null, "hi");
    }

    @Test
    void encodesAckWithId() {
        JsonObject json = encode(new ServerFrame.Ack("c1", LOBBY, 3, TS));

        assertFields(json, "type", "id", "room", "seq", "ts");
        assertEquals("ack", json.getString("type"));
        assertEquals("c1", json.getString("id"));
        assertEquals("lobby", json.getString("room"));
        assertEquals(3, json.getInt("seq"));
        assertEquals("2026-11-23T10:15:30.123Z", json.getString("ts"));
    }

    @Test
    void leavesOutAnAckIdThatIsNull() {
        assertFields(encode(new ServerFrame.Ack(null, LOBBY, 3, TS)), "type", "room", "seq", "ts");
    }

    @ParameterizedTest
    @CsvSource({"JOIN, join", "LEAVE, leave"})
    void encodesPresence(PresenceEvent event, String wire) {
        JsonObject json = encode(new ServerFrame.Presence(LOBBY, event, BOB, "sub-b", 4));

        assertFields(json, "type", "room", "event", "user", "sub", "members");
        assertEquals("sub-b", json.getString("sub"));
        assertEquals("presence", json.getString("type"));
        assertEquals("lobby", json.getString("room"));
        assertEquals(wire, json.getString("event"));
        assertEquals("bob", json.getString("user"));
        assertEquals(4, json.getInt("members"));
    }

    @Test
    void encodesTyping() {
        JsonObject json = encode(new ServerFrame.Typing(LOBBY, BOB, "sub-b"));

        assertFields(json, "type", "room", "user", "sub");
        assertEquals("sub-b", json.getString("sub"));
        assertEquals("typing", json.getString("type"));
        assertEquals("lobby", json.getString("room"));
        assertEquals("bob", json.getString("user"));
    }

    @Test
    void encodesHistoryAsFullMessageObjects() {
        JsonObject json = encode(new ServerFrame.History(LOBBY, List.of(message(7, null, "a"), message(8, "c8", "b"))));

        assertFields(json, "type", "room", "messages");
        assertEquals("history", json.getString("type"));
        assertEquals("lobby", json.getString("room"));
        JsonArray messages = json.getJsonArray("messages");
        assertEquals(2, messages.size());
        assertMessage(messages.getJsonObject(0), 7, null, "a");
        assertMessage(messages.getJsonObject(1), 8, "c8", "b");
    }

    @Test
    void historyItemIsExactlyTheMessageFrame() {
        ChatMessage message = message(5, "c5", "same");
        JsonObject frame = encode(new ServerFrame.Message(message));
        JsonObject item = encode(new ServerFrame.History(LOBBY, List.of(message))).getJsonArray("messages").getJsonObject(0);

        assertEquals(frame, item);
    }

    @Test
    void encodesAnEmptyHistory() {
        assertEquals(List.of(), encode(new ServerFrame.History(LOBBY, List.of())).getJsonArray("messages"));
    }

    @Test
    void encodesPongWithTypeOnly() {
        JsonObject json = encode(new ServerFrame.Pong());

        assertFields(json, "type");
        assertEquals("pong", json.getString("type"));
    }

    @Test
    void encodesErrorWithRef() {
        JsonObject json = encode(new ServerFrame.Error(ErrorCode.NOT_JOINED, "not in room 'dev'", "c1"));

        assertFields(json, "type", "code", "message", "ref");
        assertEquals("error", json.getString("type"));
        assertEquals("not_joined", json.getString("code"));
        assertEquals("not in room 'dev'", json.getString("message"));
        assertEquals("c1", json.getString("ref"));
    }

    @Test
    void leavesOutAnErrorRefThatIsNull() {
        assertFields(encode(new ServerFrame.Error(ErrorCode.BAD_REQUEST, "frame is not valid JSON", null)),
                "type", "code", "message");
    }

    @ParameterizedTest
    @CsvSource({"BAD_REQUEST, bad_request", "NOT_JOINED, not_joined", "TOO_LARGE, too_large",
            "RATE_LIMITED, rate_limited", "INTERNAL, internal"})
    void writesEachErrorCodeAsDocumented(ErrorCode code, String wire) {
        assertEquals(wire, encode(new ServerFrame.Error(code, "why", null)).getString("code"));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-23T10:15:30.123Z, 2026-11-23T10:15:30.123Z",
            "2026-11-23T10:15:30Z, 2026-11-23T10:15:30.000Z",
            "2026-11-23T10:15:00Z, 2026-11-23T10:15:00.000Z",
            "2026-11-23T10:15:30.100Z, 2026-11-23T10:15:30.100Z",
            "2026-11-23T10:15:30.000999999Z, 2026-11-23T10:15:30.000Z",
            "2026-11-23T10:15:30.123456789Z, 2026-11-23T10:15:30.123Z",
            "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000Z"})
    void writesTimestampsWithMilliseconds(String instant, String expected) {
        String ts = encode(new ServerFrame.Ack(null, LOBBY, 1, Instant.parse(instant))).getString("ts");

        assertEquals(expected, ts);
        assertTrue(ts.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), ts);
    }

    @Test
    void messageTimestampHasTheSameShape() {
        ChatMessage message = new ChatMessage(LOBBY, 1, null, ADA, "hi", Instant.parse("2026-11-23T10:15:30Z"));

        assertEquals("2026-11-23T10:15:30.000Z", encode(new ServerFrame.Message(message)).getString("ts"));
    }

    @Test
    void escapesQuotesBackslashesAndNewlinesInText() {
        String text = "she said \"hi\"\\ then\nleft\r\tnow \u0000 \u2028";
        String raw = encoder.encode(new ServerFrame.Message(message(1, null, text)));

        assertEquals(text, parse(raw).getString("text"));
        assertTrue(raw.contains("\\\"hi\\\""), raw);
        assertTrue(raw.contains("\\\\"), raw);
        assertTrue(raw.contains("\\n"), raw);
        assertFalse(raw.contains("\n"), raw);
        assertFalse(raw.contains("\u0000"), raw);
    }

    @Test
    void keepsAScriptTagInTextAsPlainText() {
        String text = "</script><script>alert('x')</script>";

        assertEquals(text, parse(encoder.encode(new ServerFrame.Message(message(1, null, text)))).getString("text"));
    }

    @Test
    void escapesAQuoteInAnErrorMessage() {
        String message = "unknown type '\"}'";

        assertEquals(message, encode(new ServerFrame.Error(ErrorCode.BAD_REQUEST, message, "\"}")).getString("message"));
    }

    @Test
    void keepsUnicodeTextIntact() {
        String text = "caf\u00e9 \u65e5\u672c \ud83d\ude00";

        assertEquals(text, encode(new ServerFrame.Message(message(1, null, text))).getString("text"));
    }

    /** parley.batch joins frames with a newline: no frame may contain one, whatever the client put in its strings. */
    @Test
    void neverWritesARawLineBreak() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        String nasty = "a" + controls + "\u2028\u2029\u0085b";
        List<ServerFrame> frames = List.of(
                new ServerFrame.Message(message(1, nasty.substring(0, 30), nasty)),
                new ServerFrame.History(LOBBY, List.of(message(1, "c1", nasty), message(2, null, "\n"))),
                new ServerFrame.Joined(LOBBY, ADA, List.of(user(ADA)), 1, "e-1", List.of(message(1, "c1", nasty)), false),
                new ServerFrame.Ack(nasty.substring(0, 30), LOBBY, 1, TS),
                new ServerFrame.Error(ErrorCode.BAD_REQUEST, nasty, nasty));
        for (ServerFrame frame : frames) {
            String text = encoder.encode(frame);
            assertFalse(text.contains("\n") || text.contains("\r"), () -> "raw line break in " + text);
        }
        assertEquals(nasty, encode(frames.get(0)).getString("text"), "escaped, not dropped");
    }

    // --- helpers ---

    private static ChatMessage message(long seq, String clientId, String text) {
        return new ChatMessage(LOBBY, seq, clientId, ADA, text, TS);
    }

    /** A message frame or history item: exactly the documented fields, with the values of {@link #message}. */
    private static void assertMessage(JsonObject json, long seq, String clientId, String text) {
        if (clientId == null) {
            assertFields(json, "type", "room", "seq", "user", "text", "ts");
        } else {
            assertFields(json, "type", "room", "seq", "id", "user", "text", "ts");
            assertEquals(clientId, json.getString("id"));
        }
        assertEquals("message", json.getString("type"));
        assertEquals("lobby", json.getString("room"));
        assertEquals(seq, json.getJsonNumber("seq").longValueExact());
        assertEquals("ada", json.getString("user"));
        assertEquals(text, json.getString("text"));
        assertEquals("2026-11-23T10:15:30.123Z", json.getString("ts"));
    }

    private static void assertFields(JsonObject json, String... names) {
        assertEquals(Set.of(names), json.keySet(), json::toString);
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private JsonObject encode(ServerFrame frame) {
        return parse(encoder.encode(frame));
    }

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static PresentUser user(UserName name) {
        return new PresentUser(name, name.value());
    }
}
