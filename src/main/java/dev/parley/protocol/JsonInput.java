package dev.parley.protocol;

import dev.parley.domain.Unicode;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * Reads JSON from clients under one set of rules, for both doors: WebSocket frames ({@link FrameDecoder}) and HTTP
 * API bodies. Every refusal is a {@link FrameException} whose message names what was read ("frame", "body").
 * Thread-safe.
 */
public final class JsonInput {

    /** Deepest nesting of arrays and objects accepted; Parley's own frames need 1. */
    public static final int MAX_DEPTH = 32;

    private final JsonParserFactory parsers = JsonFields.PROVIDER.createParserFactory(Map.of());

    /**
     * One JSON object: nothing after it, nesting at most {@link #MAX_DEPTH}, numbers JSON-P can hold.
     *
     * @param what what the text is, for the error messages: "frame", "body"
     */
    public JsonObject parseObject(String text, String what) throws FrameException {
        JsonValue value;
        // A parser rather than a reader: a reader stops after the first value and would accept trailing content.
        try {
            checkDepth(text, what);
            try (JsonParser parser = parsers.createParser(new StringReader(text))) {
                if (!parser.hasNext()) {
                    throw new FrameException(ErrorCode.BAD_REQUEST, text, what + " is empty", null);
                }
                parser.next();
                value = parser.getValue();
                if (parser.hasNext()) {
                    throw new FrameException(ErrorCode.BAD_REQUEST, text, what + " has content after the JSON value",
                            null);
                }
            }
        } catch (JsonException | IllegalStateException | NumberFormatException e) {
            throw new FrameException(ErrorCode.BAD_REQUEST, text, what + " is not valid JSON", null);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new FrameException(ErrorCode.BAD_REQUEST, text, what + " must be a JSON object", null);
        }
        return value.asJsonObject();
    }

    /**
     * Refuses nesting deeper than {@link #MAX_DEPTH} in one streaming pass, before {@code getValue()} builds the tree:
     * providers build it recursively, and what they do with deep input differs (Parsson 1.1.7 throws a bare
     * RuntimeException at depth 1000; a provider without a limit overflows the stack).
     */
    private void checkDepth(String text, String what) throws FrameException {
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
                            what + " is nested deeper than " + MAX_DEPTH + " levels", null);
                }
            }
        }
    }

    /** The fields of one object, read by the protocol's rules, with the text and ref at hand for the errors. */
    public static class Fields {
        /** Opaque client strings (message ids, epochs) are 1 to this many characters. */
        public static final int MAX_TOKEN_LENGTH = 64;

        private final String text;
        private final JsonObject object;
        private String ref;

        public Fields(String text, JsonObject object) {
            this.text = text;
            this.object = object;
        }

        /** What errors about this object refer to from now on. */
        protected void ref(String ref) {
            this.ref = ref;
        }

        protected JsonObject object() {
            return object;
        }

        /** An optional opaque string of 1-64 characters, such as a client id or an epoch. */
        public String token(String name) throws FrameException {
            String value = optionalString(name);
            if (value != null && (value.isEmpty() || value.length() > MAX_TOKEN_LENGTH)) {
                throw invalid(name + " must be 1-" + MAX_TOKEN_LENGTH + " characters");
            }
            return value;
        }

        public String requiredString(String name) throws FrameException {
            String value = optionalString(name);
            if (value == null) {
                throw invalid(name + " is required");
            }
            return value;
        }

        /** A required string taken as it is: its content is for the caller's rules to judge (a message's text). */
        public String requiredText(String name) throws FrameException {
            String value = rawString(name);
            if (value == null) {
                throw invalid(name + " is required");
            }
            return value;
        }

        public String optionalString(String name) throws FrameException {
            String string = rawString(name);
            if (string != null && !Unicode.isWellFormed(string)) {
                throw invalid(name + " must be valid Unicode (it has an unpaired surrogate)");
            }
            return string;
        }

        private String rawString(String name) throws FrameException {
            JsonValue value = object.get(name);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value.getValueType() != JsonValue.ValueType.STRING) {
                throw invalid(name + " must be a string");
            }
            return ((JsonString) value).getString();
        }

        public Long optionalLong(String name) throws FrameException {
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

        public FrameException invalid(String message) {
            return new FrameException(ErrorCode.BAD_REQUEST, text, message, ref);
        }
    }
}
