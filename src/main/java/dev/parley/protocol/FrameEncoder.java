package dev.parley.protocol;

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
}
