package dev.parley.protocol;

import dev.parley.domain.ChatMessage;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** JSON writing shared by several frames, and the one JSON-P provider lookup of the protocol. */
final class JsonFields {

    /** Looking the provider up is a service-loader scan: do it once, not per frame. */
    static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonFields() {
    }

    static void writeIfPresent(JsonGenerator json, String name, String value) {
        if (value != null) {
            json.write(name, value);
        }
    }

    /** ISO-8601 in UTC, always with milliseconds, so every timestamp has the same shape. */
    static String timestamp(Instant ts) {
        String text = ts.truncatedTo(ChronoUnit.MILLIS).toString();
        // Instant.toString drops a zero fraction ("...:30Z"); keep the documented ".SSS" shape.
        return text.length() == 20 ? text.substring(0, 19) + ".000Z" : text;
    }

    static void writeMessages(JsonGenerator json, String name, List<ChatMessage> messages) {
        json.writeStartArray(name);
        for (ChatMessage message : messages) {
            json.writeStartObject().write("type", "message");
            writeMessageFields(json, message);
            json.writeEnd();
        }
        json.writeEnd();
    }

    /** A message object; a deleted message is a tombstone: its room, seq and {@code deleted: true}, nothing else. */
    static void writeMessageFields(JsonGenerator json, ChatMessage message) {
        json.write("room", message.room().value()).write("seq", message.seq());
        if (message.deleted()) {
            json.write("deleted", true);
            return;
        }
        writeIfPresent(json, "id", message.clientId());
        json.write("user", message.user().value());
        writeIfPresent(json, "sub", message.subject()); // only when it differs from the name
        json.write("text", message.text())
                .write("ts", timestamp(message.ts()));
        if (message.editedAt() != null) {
            json.write("editedAt", timestamp(message.editedAt()));
        }
        if (!message.reactions().isEmpty()) {
            json.writeStartObject("reactions");
            message.reactions().asMap().forEach((emoji, subjects) -> {
                json.writeStartArray(emoji);
                subjects.forEach(json::write);
                json.writeEnd();
            });
            json.writeEnd();
        }
    }
}
