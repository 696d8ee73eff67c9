package dev.parley.protocol;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;

/**
 * Writes server frames as JSON text. Thread-safe and stateless.
 * <p>
 * It is deliberately not a container {@code Encoder}: the container would then encode a broadcast once per recipient.
 * The application encodes each frame once and hands the same string to every member's outbox.
 */
public final class FrameEncoder {

    private final JsonGeneratorFactory generators = JsonFields.PROVIDER.createGeneratorFactory(Map.of());

    public String encode(ServerFrame frame) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = generators.createGenerator(out)) {
            json.writeStartObject().write("type", frame.type());
            frame.writeFields(json);
            json.writeEnd();
        }
        return out.toString();
    }

    /**
     * The frame of a message change: {@code edited}, {@code deleted} or {@code reaction} (whose {@code on} tells
     * whether the user now has the reaction, false: taken away).
     */
    public String encode(Changed changed) {
        ChatMessage message = changed.message();
        if (changed.change() instanceof MessageChange.React react) {
            return encode(new ServerFrame.Reaction(changed.room(), changed.seq(), changed.rev(), react.emoji(),
                    react.name(), react.subject(), changed.on()));
        }
        if (message.deleted()) {
            return encode(new ServerFrame.Deleted(changed.room(), changed.seq(), changed.rev()));
        }
        return encode(new ServerFrame.Edited(changed.room(), changed.seq(), changed.rev(), message.text(),
                message.editedAt()));
    }
}
