package dev.parley.transport.sse;

import dev.parley.protocol.CloseCause;
import jakarta.json.Json;
import java.util.regex.Pattern;

/** The text of the event stream: one event per protocol frame, a few named events of the transport, comments. */
final class Events {

    /** A comment line: keeps proxies from closing a quiet stream, and is ignored by {@code EventSource}. */
    static final String HEARTBEAT = ":\n\n";

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private Events() {
    }

    /** An unnamed event ({@code message} to an {@code EventSource}) whose data is one frame. */
    static String frame(String frame) {
        return named(null, frame);
    }

    /** The first event: the token that names this stream's connection in POSTs. */
    static String token(String token) {
        return named("token", token);
    }

    /** The last event, when the server ends the stream: why, as WebSocket would have said it in a close frame. */
    static String close(CloseCause cause) {
        return named("close", Json.createObjectBuilder().add("code", cause.code()).add("reason", cause.reason()).build()
                .toString());
    }

    /** A line break in the data would end the field: each line becomes a data line, which the client joins again. */
    private static String named(String name, String data) {
        String lines = data.indexOf('\n') < 0 && data.indexOf('\r') < 0 ? data
                : LINE_BREAK.matcher(data).replaceAll("\ndata: ");
        return (name == null ? "" : "event: " + name + "\n") + "data: " + lines + "\n\n";
    }
}
