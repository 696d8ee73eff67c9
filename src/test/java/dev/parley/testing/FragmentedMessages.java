package dev.parley.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A client that sends its frames in fragments, cut inside characters, as RFC 6455 allows: the server must put each
 * message together and answer it like an unfragmented one. Shared by the Tyrus and the real-server tests.
 */
public final class FragmentedMessages {

    private static final String NAME = "zo\u00eb";
    private static final String TEXT = "h\u00e9llo \ud834\udd1e w\u00f6rld";

    private FragmentedMessages() {
    }

    /**
     * Joins {@code room} and sends a message, both in fragments; fails unless both are answered as sent.
     *
     * @param insideCharacters whether cuts fall inside multi-byte characters (RFC 6455 allows it) or between them
     */
    public static void joinAndSendInFragments(URI chat, String room, boolean insideCharacters) throws IOException {
        int inside = insideCharacters ? 1 : 0;
        try (RawWebSocket socket = RawWebSocket.connect(chat)) {
            assertEquals("welcome", type(socket.readText()));

            String join = "{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + NAME + "\"}";
            socket.sendFragmented(join, 3, byteOffset(join, "\u00eb") + inside); // at or inside the ë
            JsonObject joined = next(socket, "joined");
            assertEquals(NAME, joined.getString("user"));

            String message = "{\"type\":\"message\",\"room\":\"" + room + "\",\"id\":\"f1\",\"text\":\"" + TEXT + "\"}";
            int clef = byteOffset(message, "\ud834\udd1e");
            socket.sendFragmented(message, 5, 5, clef + 2 * inside); // an empty fragment, then at or inside the clef
            assertEquals("f1", next(socket, "ack").getString("id"));
            JsonObject echoed = next(socket, "message");
            assertEquals(TEXT, echoed.getString("text"));
            assertEquals(NAME, echoed.getString("user"));
        }
    }

    private static int byteOffset(String text, String part) {
        return text.substring(0, text.indexOf(part)).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The next frame of the given type, skipping others (presence); fails on an error frame. */
    private static JsonObject next(RawWebSocket socket, String type) throws IOException {
        while (true) {
            JsonObject frame = Json.createReader(new StringReader(socket.readText())).readObject();
            if (frame.getString("type").equals(type)) {
                return frame;
            }
            if (frame.getString("type").equals("error")) {
                throw new AssertionError("expected " + type + ", got " + frame);
            }
        }
    }

    private static String type(String frame) {
        return Json.createReader(new StringReader(frame)).readObject().getString("type");
    }
}
