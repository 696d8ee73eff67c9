package dev.parley.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parley's wire format (docs/protocol.md): the frames a client sends, and reading what the server sends. */
final class Frames {

    /** The subprotocol a client offers: the server may then put several frames in one message, one per line. */
    static final String SUBPROTOCOL = "parley.batch";

    private static final JsonProvider JSON = JsonProvider.provider();

    private Frames() {
    }

    static String join(String room, String name, Resume resume) {
        JsonObjectBuilder frame = frame("join").add("room", room);
        if (name != null) {
            frame.add("name", name);
        }
        if (resume != null) {
            frame.add("since", resume.since());
            if (resume.epoch() != null) {
                frame.add("epoch", resume.epoch()); // a restarted server or a freed room has another epoch
            }
        }
        return frame.build().toString();
    }

    static String leave(String room) {
        return frame("leave").add("room", room).build().toString();
    }

    static String message(String room, String text, String id) {
        return frame("message").add("room", room).add("text", text).add("id", id).build().toString();
    }

    /** A {@code history} request: the page before seq {@code before}, or the latest when it is 0. */
    static String history(String room, long before, int limit) {
        JsonObjectBuilder frame = frame("history").add("room", room).add("limit", limit);
        if (before > 0) {
            frame.add("before", before);
        }
        return frame.build().toString();
    }

    /** A {@code search} request: the messages with every word of {@code q} before seq {@code before} (0: any). */
    static String search(String room, String q, long before, int limit) {
        JsonObjectBuilder frame = frame("search").add("room", room).add("q", q).add("limit", limit);
        if (before > 0) {
            frame.add("before", before);
        }
        return frame.build().toString();
    }

    /** Asks for the direct conversation with the user of subject {@code user}. */
    static String direct(String user) {
        return frame("direct").add("user", user).build().toString();
    }

    /** {@code kick}, {@code ban} or {@code unban} of the user of subject {@code user} in {@code room}. */
    static String moderate(String action, String room, String user) {
        return frame(action).add("room", room).add("user", user).build().toString();
    }

    /** Gives {@code user} {@code role} ({@code member}, {@code moderator}) in {@code room}; null takes it away. */
    static String role(String room, String user, String role) {
        JsonObjectBuilder frame = frame("role").add("room", room).add("user", user);
        return (role == null ? frame.addNull("role") : frame.add("role", role)).build().toString();
    }

    static String typing(String room) {
        return frame("typing").add("room", room).build().toString();
    }

    static String ping() {
        return frame("ping").build().toString();
    }

    static String auth(String token) {
        return frame("auth").add("token", token).build().toString();
    }

    /** The body of an HTTP API publish. */
    static String publication(String user, String text, String id) {
        JsonObjectBuilder body = JSON.createObjectBuilder().add("user", user).add("text", text);
        if (id != null) {
            body.add("id", id);
        }
        return body.build().toString();
    }

    /**
     * The frames in one message from the server. With parley.batch a message holds frames separated by newlines; no
     * frame contains a raw one. Lines that are not JSON objects with a string {@code type} are skipped.
     */
    static List<JsonObject> read(String text) {
        List<JsonObject> frames = new ArrayList<>();
        for (String line : text.split("\n")) {
            JsonObject frame = object(line);
            if (frame != null && frame.get("type") instanceof JsonString) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** {@code text} as a JSON object; null when it is not one. */
    static JsonObject object(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue() instanceof JsonObject object ? object : null;
        } catch (JsonParsingException | IllegalStateException e) {
            return null;
        }
    }

    /** A message object (a {@code message} frame, or one in a history); null without an integer seq, user, text. */
    static ChatMessage chatMessage(JsonValue value, String room) {
        if (!(value instanceof JsonObject m) || !(m.get("seq") instanceof JsonNumber seq) || !seq.isIntegral()
                || string(m, "user") == null || string(m, "text") == null) {
            return null;
        }
        String from = string(m, "room");
        return new ChatMessage(from == null ? room : from, seq.longValue(), string(m, "id"), string(m, "user"),
                string(m, "text"), instant(m, "ts"));
    }

    static List<ChatMessage> chatMessages(JsonObject frame, String field, String room) {
        List<ChatMessage> messages = new ArrayList<>();
        if (frame.get(field) instanceof JsonArray array) {
            for (JsonValue value : array) {
                ChatMessage message = chatMessage(value, room);
                if (message != null) {
                    messages.add(message);
                }
            }
        }
        return messages;
    }

    static String string(JsonObject frame, String field) {
        return frame.get(field) instanceof JsonString s ? s.getString() : null;
    }

    /** An integer field; {@code absent} when there is none. */
    static long integer(JsonObject frame, String field, long absent) {
        return frame.get(field) instanceof JsonNumber n && n.isIntegral() ? n.longValue() : absent;
    }

    static Instant instant(JsonObject frame, String field) {
        String text = string(frame, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static List<String> strings(JsonObject frame, String field) {
        List<String> strings = new ArrayList<>();
        if (frame.get(field) instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString s) {
                    strings.add(s.getString());
                }
            }
        }
        return strings;
    }

    static Map<String, String> stringMap(JsonObject frame, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        if (frame.get(field) instanceof JsonObject object) {
            object.forEach((key, value) -> {
                if (value instanceof JsonString s) {
                    map.put(key, s.getString());
                }
            });
        }
        return map;
    }

    /** An {@code error} frame (or an API error body) as an exception. */
    static ParleyException error(JsonObject frame) {
        String code = string(frame, "code") == null ? "error" : string(frame, "code");
        String message = string(frame, "message");
        return new ParleyException(code, message == null || message.isEmpty() ? code : message, string(frame, "ref"));
    }

    private static JsonObjectBuilder frame(String type) {
        return JSON.createObjectBuilder().add("type", type);
    }

    /** Where a rejoin continues from: the last seq seen, in the epoch it belongs to. */
    record Resume(long since, String epoch) {
    }
}
