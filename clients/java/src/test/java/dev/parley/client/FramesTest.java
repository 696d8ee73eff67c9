package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void aBatchedMessageIsReadFrameByFrameAndWhatIsNoFrameIsSkipped() {
        String text = "{\"type\":\"ack\",\"id\":\"c1\",\"seq\":3}\nnot json\n[1]\n{\"no\":\"type\"}\n{\"type\":\"pong\"}";
        assertEquals(List.of("ack", "pong"), Frames.read(text).stream().map(f -> Frames.string(f, "type")).toList());
    }

    @Test
    void aMessageObjectNeedsAnIntegerSeqAUserAndAText() {
        assertNull(Frames.chatMessage(Frames.object("{\"seq\":1.5,\"user\":\"a\",\"text\":\"t\"}"), "r"));
        assertNull(Frames.chatMessage(Frames.object("{\"seq\":1,\"text\":\"t\"}"), "r"));
        ChatMessage m = Frames.chatMessage(Frames.object("{\"seq\":7,\"user\":\"a\",\"text\":\"t\",\"ts\":\"bad\"}"), "r");
        assertEquals(new ChatMessage("r", 7, null, "a", "t", null), m);
    }

    @Test
    void textIsEscapedAsJson() {
        String frame = Frames.message("lobby", "say \"hi\"\n<b>", "c1");
        assertEquals("say \"hi\"\n<b>", Frames.string(Frames.object(frame), "text"));
        assertTrue(!frame.contains("\n"), "no raw line break in a frame");
    }

    @Test
    void searchDirectAndModerationFramesAreTheProtocols() {
        assertEquals("{\"type\":\"search\",\"room\":\"r\",\"q\":\"fox\",\"limit\":50}", Frames.search("r", "fox", 0, 50));
        assertEquals("{\"type\":\"search\",\"room\":\"r\",\"q\":\"fox\",\"limit\":2,\"before\":9}",
                Frames.search("r", "fox", 9, 2));
        assertEquals("{\"type\":\"direct\",\"user\":\"bob\"}", Frames.direct("bob"));
        assertEquals("{\"type\":\"unban\",\"room\":\"r\",\"user\":\"eve\"}", Frames.moderate("unban", "r", "eve"));
        assertEquals("{\"type\":\"role\",\"room\":\"r\",\"user\":\"eve\",\"role\":\"member\"}",
                Frames.role("r", "eve", "member"));
    }

    @Test
    void theBackoffIsFullJitterUnderACeilingThatDoublesUpToTheMaximum() {
        assertEquals(0, Link.backoffMillis(0, 500, 15_000, 0.0));
        assertEquals(250, Link.backoffMillis(0, 500, 15_000, 0.5));
        assertEquals(1000, Link.backoffMillis(2, 500, 15_000, 0.5));
        assertEquals(7500, Link.backoffMillis(10, 500, 15_000, 0.5));
        assertEquals(7500, Link.backoffMillis(1000, 500, 15_000, 0.5));
    }
}
