package dev.parley.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What every test client of Parley does with frames: collects each received frame as JSON, and lets a test take them
 * one by one or skip to the one it wants, always with a timeout. Subclasses bring the WebSocket client.
 * <p>
 * A client that offers {@value #BATCH} splits each message into its frames on newlines and keeps the messages
 * themselves for tests to look at; any other client takes each message as exactly one frame. A message that is not
 * what the client expects becomes a frame of type {@code "unparseable"}, which no test expects.
 */
public abstract class FrameClient implements AutoCloseable {

    /** Generous: the tests share a busy machine, where a first frame from a fresh server took over 10 s. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The subprotocol of several frames per message (docs/protocol.md, Batching). */
    public static final String BATCH = "parley.batch";

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final boolean batch;
    private final List<String> texts = Collections.synchronizedList(new ArrayList<>());

    protected FrameClient() {
        this(false);
    }

    /** @param batch whether this client offers {@value #BATCH} (and so splits messages) */
    protected FrameClient(boolean batch) {
        this.batch = batch;
    }

    /** Sends one text frame. */
    public abstract void send(String text) throws Exception;

    /** For subclasses: a whole text message arrived. */
    protected final void received(String text) {
        if (!batch) {
            frames.add(parse(text));
            return;
        }
        texts.add(text);
        for (String frame : text.split("\n", -1)) {
            frames.add(parse(frame));
        }
    }

    /** Every message received so far, whole, in order: only for a client that offered {@value #BATCH}. */
    public List<String> texts() {
        if (!batch) {
            throw new IllegalStateException("only a client that offers " + BATCH + " keeps its messages");
        }
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return Json.createObjectBuilder().add("type", "unparseable").add("text", text)
                    .add("error", String.valueOf(e.getMessage())).build();
        }
    }

    /** The next frame, which must be of the given type. */
    public JsonObject expect(String type) throws InterruptedException {
        JsonObject frame = next();
        assertEquals(type, frame.getString("type"), () -> "unexpected frame " + frame);
        return frame;
    }

    /** The next frame, whatever it is. */
    public JsonObject next() throws InterruptedException {
        JsonObject frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(frame, "no frame within " + TIMEOUT);
        return frame;
    }

    /** The next frame if one arrives within {@code wait}, else null: for tests where nothing should happen. */
    public JsonObject pollFor(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips frames until one matches. */
    public JsonObject await(Predicate<JsonObject> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame != null && wanted.test(frame)) {
                return frame;
            }
        }
        return fail("no matching frame within " + TIMEOUT);
    }

    /** Sends a ping and expects its pong next: proves nothing else was queued for this client. */
    public void expectNothingElse() throws Exception {
        send("{\"type\":\"ping\"}");
        JsonObject frame = next();
        assertEquals("pong", frame.getString("type"), () -> "expected nothing before pong, got " + frame);
    }

    /** Sends a join and consumes the joined answer; closes {@code client} when that fails. */
    protected static <C extends FrameClient> C joinOrClose(C client, String room, String name) throws Exception {
        try {
            client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
            client.expect("joined");
        } catch (Throwable failure) {
            client.close();
            throw failure;
        }
        return client;
    }

    public static void assertError(JsonObject frame, String code) {
        assertEquals("error", frame.getString("type"), () -> "expected an error, got " + frame);
        assertEquals(code, frame.getString("code"), () -> "wrong code in " + frame);
        assertTrue(frame.getString("message").length() > 0);
    }
}
