package dev.parley.protocol;

import dev.parley.domain.RoomId;
import dev.parley.domain.Unicode;
import dev.parley.domain.UserName;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a client's text frame into a {@link ClientFrame}, checking every rule the protocol states for it. Stateless;
 * every rejection is a {@link FrameException} whose message a client can show.
 * <p>
 * Limits that an operator configures (text length, rate) are the application's to check, not the decoder's.
 */
public final class FrameDecoder implements jakarta.websocket.Decoder.Text<ClientFrame> {

    public static final int DEFAULT_HISTORY_LIMIT = 50;
    public static final int MAX_HISTORY_LIMIT = 200;
    public static final int MAX_ID_LENGTH = 64;
    /** Deepest nesting of arrays and objects accepted in a frame; Parley's own frames need 1. */
    public static final int MAX_DEPTH = 32;
    /** Client strings echoed in an error's ref are cut to this length. */
    private static final int MAX_REF_LENGTH = 64;

    private final JsonParserFactory parsers = JsonFields.PROVIDER.createParserFactory(Map.of());

    @Override
    public boolean willDecode(String text) {
        return true; // every text frame is ours to answer, if only with an error
    }

    @Override
    public ClientFrame decode(String text) throws FrameException {
        Fields fields = new Fields(text, parseObject(text));
        String type = fields.type();
        switch (type) {
            case "join":
                return new ClientFrame.Join(fields.room(), fields.optionalName(), fields.optionalSeq("since"),
                        fields.token("epoch"));
            case "leave":
                return new ClientFrame.Leave(fields.room());
            case "message":
                return new ClientFrame.Message(fields.room(), fields.text(), fields.clientId());
            case "typing":
                return new ClientFrame.Typing(fields.room());
            case "history":
                return new ClientFrame.History(fields.room(), fields.optionalSeq("before"), fields.limit());
            case "ping":
                return new ClientFrame.Ping();
            default:
                throw fields.invalid("unknown type '" + clip(type) + "'");
        }
    }

    /**
     * One JSON object under the frames' rules: nothing after it, nesting at most {@link #MAX_DEPTH}, numbers JSON-P can
     * hold. The HTTP API reads its bodies with it too, so both doors refuse the same input the same way.
     */
    public JsonObject parseObject(String text) throws FrameException {
        JsonValue value;
        // A parser rather than a reader: a reader stops after the first value and would accept trailing content.
        try {
            checkDepth(text);
            try (JsonParser parser = parsers.createParser(new StringReader(text))) {
                if (!parser.hasNext()) {
                    throw new FrameException(ErrorCode.BAD_REQUEST, text, "frame is empty", null);
                }
                parser.next();
                value = parser.getValue();
                if (parser.hasNext()) {
                    throw new FrameException(ErrorCode.BAD_REQUEST, text, "frame has content after the JSON value",
                            null);
                }
            }
        } catch (JsonException | IllegalStateException | NumberFormatException e) {
            throw new FrameException(ErrorCode.BAD_REQUEST, text, "frame is not valid JSON", null);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new FrameException(ErrorCode.BAD_REQUEST, text, "frame must be a JSON object", null);
        }
        return value.asJsonObject();
    }

    /**
     * Refuses nesting deeper than {@link #MAX_DEPTH} in one streaming pass, before {@code getValue()} builds the tree:
     * providers build it recursively, and what they do with deep input differs (Parsson 1.1.7 throws a bare
     * RuntimeException at depth 1000; a provider without a limit overflows the stack).
     */
    private void checkDepth(String text) throws FrameException {
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        continue;
                    }
                }
                if (depth > MAX_DEPTH) {
                    throw new FrameException(ErrorCode.BAD_REQUEST, text,
                            "frame is nested deeper than " + MAX_DEPTH + " levels", null);
                }
            }
        }
    }

    /**
     * A client string cut to {@link #MAX_REF_LENGTH} for an error, made well-formed: an unpaired surrogate (sent as a
     * JSON escape, or left by the cut) becomes '?', as the UTF-8 encoder would make it.
     */
    private static String clip(String value) {
        String clipped = value.length() <= MAX_REF_LENGTH ? value : value.substring(0, MAX_REF_LENGTH);
        return new String(clipped.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }


    /** One frame's fields, with the frame's text and ref at hand for the errors. */
    private static final class Fields {
        private final String data;
        private final JsonObject object;
        private String ref;

        Fields(String data, JsonObject object) {
            this.data = data;
            this.object = object;
        }

        String type() throws FrameException {
            JsonValue type = object.get("type");
            if (type == null || type.getValueType() != JsonValue.ValueType.STRING) {
                throw invalid("type must be a string");
            }
            ref = clip(((JsonString) type).getString());
            if ("message".equals(ref)) {
                JsonValue id = object.get("id");
                if (id instanceof JsonString) {
                    ref = clip(((JsonString) id).getString());
                }
            }
            return ((JsonString) type).getString();
        }

        RoomId room() throws FrameException {
            String room = requiredString("room");
            try {
                return new RoomId(room);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        UserName optionalName() throws FrameException {
            String name = optionalString("name");
            try {
                return name == null ? null : new UserName(name);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        String text() throws FrameException {
            String text = requiredString("text");
            if (text.isEmpty()) {
                throw invalid("text must not be empty");
            }
            return text;
        }

        String clientId() throws FrameException {
            return token("id");
        }

        /** An optional opaque string of 1-64 characters, such as a client id or an epoch. */
        String token(String name) throws FrameException {
            String value = optionalString(name);
            if (value != null && (value.isEmpty() || value.length() > MAX_ID_LENGTH)) {
                throw invalid(name + " must be 1-" + MAX_ID_LENGTH + " characters");
            }
            return value;
        }

        Long optionalSeq(String name) throws FrameException {
            Long seq = optionalLong(name);
            if (seq != null && seq < 0) {
                throw invalid(name + " must not be negative");
            }
            return seq;
        }

        int limit() throws FrameException {
            Long limit = optionalLong("limit");
            if (limit == null) {
                return DEFAULT_HISTORY_LIMIT;
            }
            if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
                throw invalid("limit must be 1-" + MAX_HISTORY_LIMIT);
            }
            return limit.intValue();
        }

        private String requiredString(String name) throws FrameException {
            String value = optionalString(name);
            if (value == null) {
                throw invalid(name + " is required");
            }
            return value;
        }

        private String optionalString(String name) throws FrameException {
            JsonValue value = object.get(name);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value.getValueType() != JsonValue.ValueType.STRING) {
                throw invalid(name + " must be a string");
            }
            String string = ((JsonString) value).getString();
            if (!Unicode.isWellFormed(string)) {
                throw invalid(name + " must be valid Unicode (it has an unpaired surrogate)");
            }
            return string;
        }

        private Long optionalLong(String name) throws FrameException {
            JsonValue value = object.get(name);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
                throw invalid(name + " must be an integer");
            }
            try {
                return ((JsonNumber) value).longValueExact();
            } catch (ArithmeticException e) {
                throw invalid(name + " is out of range");
            }
        }

        FrameException invalid(String message) {
            return new FrameException(ErrorCode.BAD_REQUEST, data, message, ref);
        }
    }
}
