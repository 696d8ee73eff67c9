package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static List<String> split(String message, boolean batched) {
        // the message sits inside a larger buffer, as it does in the read buffer
        byte[] buf = ("xx" + message + "yy").getBytes(StandardCharsets.UTF_8);
        int len = message.getBytes(StandardCharsets.UTF_8).length;
        List<String> frames = new ArrayList<>();
        int n = Frames.split(buf, 2, len, batched,
                (b, off, l) -> frames.add(new String(b, off, l, StandardCharsets.UTF_8)));
        assertEquals(frames.size(), n);
        return frames;
    }

    @Test
    void aBatchedMessageIsSplitOnEachNewline() {
        String a = "{\"type\":\"presence\",\"room\":\"r\",\"event\":\"join\",\"user\":\"ada\",\"members\":2}";
        String b = "{\"type\":\"message\",\"room\":\"r\",\"seq\":7,\"user\":\"bob\",\"text\":\"t=1;k=2\"}";
        String c = "{\"type\":\"ack\",\"room\":\"r\",\"seq\":7}";
        assertEquals(List.of(a, b, c), split(a + "\n" + b + "\n" + c, true));
    }

    @Test
    void aBatchedMessageOfOneFrameIsThatFrame() {
        assertEquals(List.of("{\"type\":\"pong\"}"), split("{\"type\":\"pong\"}", true));
    }

    @Test
    void emptyPartsAreSkipped() {
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), split("\n{\"a\":1}\n\n{\"b\":2}\n", true));
    }

    @Test
    void withoutBatchingTheMessageIsOneFrameEvenWithANewline() {
        assertEquals(List.of("{\"a\":1}\n{\"b\":2}"), split("{\"a\":1}\n{\"b\":2}", false));
    }

    @Test
    void multiByteTextSurvivesTheSplit() {
        assertEquals(List.of("{\"text\":\"é🙂\"}", "{\"text\":\"ü\"}"), split("{\"text\":\"é🙂\"}\n{\"text\":\"ü\"}", true));
    }

    private static String protocolOf(String head) {
        byte[] buf = (head + "\r\n\r\n{ignored}").getBytes(StandardCharsets.US_ASCII);
        return Frames.selectedProtocol(buf, head.length());
    }

    @Test
    void theSelectedProtocolIsReadCaseInsensitively() {
        assertEquals("parley.batch", protocolOf("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "sec-websocket-PROTOCOL:   parley.batch  \r\nConnection: Upgrade"));
    }

    @Test
    void noProtocolHeaderMeansNone() {
        assertNull(protocolOf("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade"));
    }

    @Test
    void membersAreCountedWhateverTheNamesHoldInside() {
        byte[] json = "{\"type\":\"joined\",\"members\":[\"a,b\",\"c]\\\"d\",\"e\"],\"seq\":0}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(3, Frames.arraySize(json, 0, json.length, "\"members\":[".getBytes(StandardCharsets.US_ASCII)));
        byte[] empty = "{\"members\":[]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, Frames.arraySize(empty, 0, empty.length, "\"members\":[".getBytes(StandardCharsets.US_ASCII)));
    }
}
