package dev.parley.floor;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/**
 * The frames, read and written with JSON-P. The provider's factories are made once and shared (they are
 * thread-safe), as any application that parses per message would do.
 */
final class Frames {

    private final JsonReaderFactory readers;
    private final JsonBuilderFactory builders;

    Frames() {
        JsonProvider provider = JsonProvider.provider();
        this.readers = provider.createReaderFactory(Map.of());
        this.builders = provider.createBuilderFactory(Map.of());
    }

    /** The frame a client sent, or null when it is not a JSON object. */
    JsonObject read(String text) {
        try (JsonReader reader = readers.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) { // not JSON, or JSON but not an object
            return null;
        }
    }

    String welcome(String session) {
        return type("welcome").add("session", session).build().toString();
    }

    String joined(String room, String user, long seq) {
        return type("joined").add("room", room).add("user", user).add("seq", seq).build().toString();
    }

    String ack(String id, String room, long seq, String ts) {
        return withId(type("ack"), id).add("room", room).add("seq", seq).add("ts", ts).build().toString();
    }

    String message(String room, long seq, String id, String user, String text, String ts) {
        return withId(type("message").add("room", room).add("seq", seq), id)
                .add("user", user).add("text", text).add("ts", ts).build().toString();
    }

    String error(String code, String message) {
        return type("error").add("code", code).add("message", message).build().toString();
    }

    private JsonObjectBuilder type(String type) {
        return builders.createObjectBuilder().add("type", type);
    }

    private static JsonObjectBuilder withId(JsonObjectBuilder frame, String id) {
        return id == null ? frame : frame.add("id", id);
    }
}
