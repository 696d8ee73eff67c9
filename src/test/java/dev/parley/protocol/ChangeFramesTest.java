package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Emoji;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Reactions;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frames of edits, deletions and reactions, both ways, and the message object's change fields. */
class ChangeFramesTest {

    private static final RoomId LOBBY = new RoomId("lobby");
    private static final UserName ADA = new UserName("ada");
    private static final Instant TS = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final String THUMBS = "\uD83D\uDC4D";

    private final FrameDecoder decoder = new FrameDecoder();
    private final FrameEncoder encoder = new FrameEncoder();

    @Test
    void decodesEditDeleteAndReact() throws FrameException {
        assertEquals(new ClientFrame.Edit(LOBBY, 3, "fixed"), decode("{'type':'edit','room':'lobby','seq':3,'text':'fixed'}"));
        assertEquals(new ClientFrame.Delete(LOBBY, 1), decode("{'type':'delete','room':'lobby','seq':1}"));
        assertEquals(new ClientFrame.React(LOBBY, 2, THUMBS),
                decode("{'type':'react','room':'lobby','seq':2,'emoji':'\\ud83d\\udc4d'}"));
        assertEquals(new ClientFrame.React(LOBBY, 2, ":+1:"), decode("{'type':'react','room':'lobby','seq':2,'emoji':':+1:'}"));
        assertEquals(new ClientFrame.Join(LOBBY, null, 7L, "e-1", 4L),
                decode("{'type':'join','room':'lobby','since':7,'epoch':'e-1','rev':4}"));
        assertEquals(new ClientFrame.Join(LOBBY, null, 7L, null, 0L), decode("{'type':'join','room':'lobby','since':7,'rev':0}"));
    }

    @Test
    void refusesBadChangeFramesByName() {
        assertRefused("seq is required", "edit", "{'type':'edit','room':'lobby','text':'x'}");
        assertRefused("seq must be at least 1", "delete", "{'type':'delete','room':'lobby','seq':0}");
        assertRefused("seq must be an integer", "delete", "{'type':'delete','room':'lobby','seq':1.5}");
        assertRefused("seq must be an integer", "delete", "{'type':'delete','room':'lobby','seq':'1'}");
        assertRefused("text must not be empty", "edit", "{'type':'edit','room':'lobby','seq':1,'text':''}");
        assertRefused("text is required", "edit", "{'type':'edit','room':'lobby','seq':1}");
        assertRefused("room is required", "react", "{'type':'react','seq':1,'emoji':':+1:'}");
        assertRefused(Emoji.RULE, "react", "{'type':'react','room':'lobby','seq':1,'emoji':'ab'}");
        assertRefused(Emoji.RULE, "react", "{'type':'react','room':'lobby','seq':1,'emoji':'<b>'}");
        assertRefused("emoji is required", "react", "{'type':'react','room':'lobby','seq':1}");
        assertRefused("rev needs since", "join", "{'type':'join','room':'lobby','rev':3}");
        assertRefused("rev must not be negative", "join", "{'type':'join','room':'lobby','since':1,'rev':-1}");
    }

    @Test
    void encodesTheFramesOfChanges() {
        ChatMessage message = new ChatMessage(LOBBY, 3, "c3", ADA, "hi", TS, "u-1");
        Instant later = TS.plusSeconds(60);
        Changed edit = new Changed(new MessageChange.Edit(LOBBY, 3, "u-1", "hello"), 5,
                message.edited("hello", later, 5), false, false);
        assertEquals(json("{'type':'edited','room':'lobby','seq':3,'rev':5,'text':'hello',"
                + "'editedAt':'2026-11-23T10:16:30.123Z'}"), parse(encoder.encode(edit)));

        Changed delete = new Changed(new MessageChange.Delete(LOBBY, 3), 6, message.tombstone(6), false, false);
        assertEquals(json("{'type':'deleted','room':'lobby','seq':3,'rev':6}"), parse(encoder.encode(delete)));

        Changed react = new Changed(new MessageChange.React(LOBBY, 3, "u-2", new UserName("Bob"), THUMBS), 7,
                message.withReactions(Reactions.NONE.toggle(THUMBS, "u-2"), 7), true, false);
        assertEquals(json("{'type':'reaction','room':'lobby','seq':3,'rev':7,'emoji':'" + THUMBS + "',"
                + "'user':'Bob','sub':'u-2','on':true}"), parse(encoder.encode(react)));
    }

    @Test
    void aMessageObjectCarriesItsEditAndReactionsAndATombstoneNothingElse() {
        ChatMessage message = new ChatMessage(LOBBY, 3, "c3", ADA, "hi", TS, "u-1")
                .edited("hello", TS.plusSeconds(1), 2)
                .withReactions(Reactions.of(Map.of(":tada:", List.of("u-2", "u-1"))), 3);
        assertEquals(json("{'type':'message','room':'lobby','seq':3,'id':'c3','user':'ada','sub':'u-1',"
                + "'text':'hello','ts':'2026-11-23T10:15:30.123Z','editedAt':'2026-11-23T10:15:31.123Z',"
                + "'reactions':{':tada:':['u-2','u-1']}}"), parse(encoder.encode(new ServerFrame.Message(message))));
        assertEquals(json("{'type':'history','room':'lobby','messages':[{'type':'message','room':'lobby','seq':3,"
                + "'deleted':true}]}"), parse(encoder.encode(new ServerFrame.History(LOBBY,
                List.of(message.tombstone(4))))));
    }

    @Test
    void joinedCarriesRevAndTheChangesWhenAsked() {
        ChatMessage changed = new ChatMessage(LOBBY, 1, null, ADA, "one", TS).tombstone(2);
        JsonObject joined = parse(encoder.encode(new ServerFrame.Joined(LOBBY, ADA, List.of(), 1, "e-1",
                List.of(), true, null, 2, List.of(changed), 1, 0)));
        assertEquals(2, joined.getInt("rev"));
        assertEquals(json("[{'type':'message','room':'lobby','seq':1,'deleted':true}]").toString(),
                joined.getJsonArray("changes").toString());
    }

    private ClientFrame decode(String singleQuoted) throws FrameException {
        return decoder.decode(singleQuoted.replace('\'', '"'));
    }

    private void assertRefused(String message, String ref, String singleQuoted) {
        FrameException e = assertThrows(FrameException.class, () -> decode(singleQuoted), singleQuoted);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains(message), () -> e.getMessage() + " does not say " + message);
        assertEquals(ref, e.ref());
    }

    private static jakarta.json.JsonStructure json(String singleQuoted) {
        return Json.createReader(new StringReader(singleQuoted.replace('\'', '"'))).read();
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
