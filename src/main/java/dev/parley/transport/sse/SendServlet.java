package dev.parley.transport.sse;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.application.Connection;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.FrameDecoder;
import dev.parley.protocol.FrameException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code POST /fallback/send}: frames for the connection whose stream's token the {@value #TOKEN_HEADER} header
 * carries, one per line. Each line is handled as the same text in a WebSocket message would be, in order: a line that
 * is not a valid frame gets an {@code error} frame on the stream, and every line counts against the rate limits.
 * Answers 202 {@code {"frames": n}} once the frames are handled (their answers are on the stream by then), or refuses
 * the whole request ({@link Refusal}).
 */
@WebServlet("/fallback/send")
public class SendServlet extends HttpServlet {

    static final String TOKEN_HEADER = "Parley-Token";

    private static final long serialVersionUID = 1L;
    private static final Pattern LINES = Pattern.compile("\r\n|\r|\n");

    @Inject
    transient OpenStreams streams;

    @Inject
    transient PageOrigin origins;

    @Inject
    transient ChatService chat;

    @Inject
    transient ChatMetrics metrics;

    @Inject
    transient ParleyConfig config;

    private final transient FrameDecoder decoder = new FrameDecoder();

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        metrics.fallbackPost(handle(request, response));
    }

    /** Handles the frames and answers 202, or refuses; returns the status answered. */
    private int handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!origins.allows(request)) {
            return Refusal.FOREIGN_ORIGIN.send(response);
        }
        String token = request.getHeader(TOKEN_HEADER);
        if (token == null) {
            return new Refusal(400, "bad_request", "the " + TOKEN_HEADER + " header is required").send(response);
        }
        OpenStreams.Stream stream = streams.find(token.trim());
        if (stream == null) {
            return new Refusal(410, "stream_gone", "no open stream has this token: open a new stream").send(response);
        }
        Principal principal = request.getUserPrincipal();
        if (!Objects.equals(stream.principal(), principal == null ? null : principal.getName())) {
            return new Refusal(403, "forbidden", "this stream belongs to another user").send(response);
        }
        stream.outbox().heard();
        int max = config.maxFrameBytes();
        byte[] body = request.getInputStream().readNBytes(max + 1);
        if (body.length > max) {
            return new Refusal(413, "too_large", "the body is larger than " + max + " bytes").send(response);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new Refusal(400, "bad_request", "the body is not valid UTF-8").send(response);
        }
        int frames = 0;
        for (String line : LINES.split(text)) {
            if (!line.isBlank()) {
                frames++;
                handle(stream.connection(), line);
            }
        }
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.createObjectBuilder().add("frames", frames).build().toString());
        return HttpServletResponse.SC_ACCEPTED;
    }

    /** One frame, as {@code /chat} handles one text message. */
    private void handle(Connection connection, String line) {
        try {
            chat.handle(connection, decoder.decode(line));
        } catch (FrameException rejected) {
            chat.reject(connection, rejected.code(), rejected.getMessage(), rejected.ref());
        }
    }
}
