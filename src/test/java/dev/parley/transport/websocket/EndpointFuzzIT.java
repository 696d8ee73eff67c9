package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parley.config.ParleyConfig;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FrameDecoder;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.FrameSize;
import dev.parley.testing.Canary;
import dev.parley.testing.FrameClient;
import dev.parley.testing.FuzzFrames;
import dev.parley.testing.RawWebSocket;
import dev.parley.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Generated frames (see {@link FuzzFrames}) against the live endpoint, over several connections at once: each frame gets
 * the answer the decoder predicts (the error with its code and ref, or an answer of the right type), an oversized one
 * closes with 1009 (then the worker reconnects), nothing else ever closes a connection, and a canary pair in a room
 * of its own chats throughout with gapless seqs.
 * <p>
 * {@code -Dparley.fuzz.frames=N} sets the number of frames (10,000 by default); see docs/operations.md. A failure names
 * the frame and the answer: paste the frame into BadInputIT to reproduce it.
 */
class EndpointFuzzIT {

    private static final Logger LOG = Logger.getLogger(EndpointFuzzIT.class.getName());
    private static final int FRAMES = Integer.getInteger("parley.fuzz.frames", 10_000);
    private static final int CONNECTIONS = 4;
    private static final int BATCH = 100;
    /** jqwik's sample streams share state: one thread at a time generates. */
    private static final Object GENERATION = new Object();
    private static final int MAX_FRAME_BYTES = 4096;
    /** Frames that answer the sender; broadcasts (message, presence, typing) and welcome are not answers. */
    private static final Set<String> ANSWERS = Set.of("error", "joined", "left", "ack", "history", "pong");
    private static final Map<Class<?>, String> ANSWER_TO = Map.of(
            ClientFrame.Join.class, "joined", ClientFrame.Leave.class, "left", ClientFrame.Message.class, "ack",
            ClientFrame.History.class, "history", ClientFrame.Ping.class, "pong");

    @Test
    void everyGeneratedFrameIsAnsweredOrClosedAsDefinedWhileOthersChatOn() throws Exception {
        ParleyConfig config = ParleyConfig.load(Map.of(), Map.of("parley.maxFrameBytes", String.valueOf(MAX_FRAME_BYTES),
                "parley.messagesPerSecond", "1000000"));
        ExecutorService workers = Executors.newFixedThreadPool(CONNECTIONS);
        try (ParleyServer server = ParleyServer.start(config);
             WsClient listener = WsClient.joined(server.chatUri(), "canary", "listener");
             WsClient talker = WsClient.joined(server.chatUri(), "canary", "talker")) {
            Canary canary = new Canary(talker, listener, "canary", Duration.ofMillis(10));
            long start = System.nanoTime();
            List<Future<Tally>> tallies = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int frames = FRAMES / CONNECTIONS + (i < FRAMES % CONNECTIONS ? 1 : 0);
                tallies.add(workers.submit(() -> new Fuzzer(server.chatUri()).run(frames)));
            }
            Tally total = new Tally();
            for (Future<Tally> tally : tallies) {
                total.add(tally.get());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int chatted = canary.stop();
            LOG.info(() -> String.format("%d frames in %d s: %d decoded, %d errors, %d closed 1009; canary %d "
                            + "messages, slowest ack %d ms", total.frames, took.toSeconds(), total.decoded,
                    total.errors, total.tooBig, chatted, canary.slowestAck().toMillis()));
            assertEquals(FRAMES, total.frames);
        } finally {
            workers.shutdownNow();
        }
    }

    /** What one connection's frames got. */
    private static final class Tally {
        int frames;
        int decoded;
        int errors;
        int tooBig;

        void add(Tally other) {
            frames += other.frames;
            decoded += other.decoded;
            errors += other.errors;
            tooBig += other.tooBig;
        }
    }

    /** One connection's worth of fuzzing: batches of frames, each closed by a barrier whose answer is unique. */
    private static final class Fuzzer {
        private final URI chat;
        private final FrameDecoder oracle = new FrameDecoder();
        private final Tally tally = new Tally();
        private RawWebSocket socket;
        private int barriers;

        Fuzzer(URI chat) {
            this.chat = chat;
        }

        Tally run(int frames) throws Exception {
            Iterator<String> generated;
            synchronized (GENERATION) {
                generated = FuzzFrames.any().sampleStream().iterator();
            }
            connect();
            try {
                List<String> batch = new ArrayList<>(BATCH);
                while (tally.frames < frames) {
                    String frame;
                    synchronized (GENERATION) {
                        frame = generated.next();
                    }
                    tally.frames++;
                    if (FrameSize.exceeds(asReceived(frame), MAX_FRAME_BYTES)) {
                        checkBatch(batch);
                        socket.sendText(frame);
                        assertEquals(1009, socket.awaitClose(FrameClient.TIMEOUT), () -> "close after " + frame);
                        tally.tooBig++;
                        socket.close();
                        connect();
                        continue;
                    }
                    socket.sendText(frame);
                    batch.add(frame);
                    if (batch.size() == BATCH) {
                        checkBatch(batch);
                    }
                }
                checkBatch(batch);
                return tally;
            } finally {
                socket.close();
            }
        }

        private void connect() throws IOException {
            socket = RawWebSocket.connect(chat);
            assertEquals("welcome", read().getString("type"));
        }

        /**
         * Sends a barrier (an unknown type, which the server echoes as the error's ref), then matches the answers
         * before it, in order, to the frames sent: answers keep the frames' order.
         */
        private void checkBatch(List<String> batch) throws IOException {
            String barrier = "barrier-" + ++barriers;
            socket.sendText("{\"type\":\"" + barrier + "\"}");
            List<JsonObject> answers = new ArrayList<>();
            try {
                for (JsonObject frame = read(); !barrier.equals(frame.getString("ref", null)); frame = read()) {
                    if (ANSWERS.contains(frame.getString("type"))) {
                        answers.add(frame);
                    }
                }
            } catch (SocketTimeoutException e) {
                fail("no answer to the barrier after " + answers.size() + " answers " + answers + " to frames\n"
                        + String.join("\n", batch.stream().map(Json::createValue).map(Object::toString).toList()));
            }
            Iterator<JsonObject> answer = answers.iterator();
            JsonObject pending = null;
            for (String frame : batch) {
                pending = pending != null ? pending : answer.hasNext() ? answer.next() : null;
                pending = match(frame, pending);
            }
            if (pending != null || answer.hasNext()) {
                fail("answers without a frame: " + answers + " for " + batch);
            }
            batch.clear();
        }

        /** Checks the answer due for one frame; returns the answer when it was not this frame's (a silent typing). */
        private JsonObject match(String frame, JsonObject answer) {
            String received = asReceived(frame);
            try {
                ClientFrame decoded = oracle.decode(received);
                tally.decoded++;
                if (decoded instanceof ClientFrame.Typing) {
                    // typing answers only when refused (not_joined); accepted, it goes to the others only. A bad
                    // typing frame right after it is refused with another code (bad_request), so it cannot be mistaken.
                    boolean refused = answer != null && answer.getString("type").equals("error")
                            && answer.getString("code").equals("not_joined")
                            && answer.getString("ref", "").equals("typing");
                    tally.errors += refused ? 1 : 0;
                    return refused ? null : answer;
                }
                assertTrue(answer != null, () -> "no answer to " + frame);
                String type = answer.getString("type");
                if (type.equals("error")) {
                    tally.errors++;
                    assertNotEquals("internal", answer.getString("code"), () -> frame + " -> " + answer);
                    assertEquals(decoded.ref(), answer.getString("ref", null), () -> frame + " -> " + answer);
                } else {
                    assertEquals(ANSWER_TO.get(decoded.getClass()), type, () -> frame + " -> " + answer);
                }
            } catch (FrameException rejected) {
                tally.errors++;
                assertTrue(answer != null, () -> "no error for " + frame);
                assertEquals("error", answer.getString("type"), () -> frame + " -> " + answer);
                assertEquals(rejected.code().wire(), answer.getString("code"), () -> frame + " -> " + answer);
                assertEquals(rejected.ref(), answer.getString("ref", null), () -> frame + " -> " + answer);
            }
            return null;
        }

        /** The next text frame; a close frame here (the server's or a 1011) fails the test. */
        private JsonObject read() throws IOException {
            RawWebSocket.Frame frame = socket.readFrame();
            if (frame.opcode() == RawWebSocket.CLOSE) {
                fail("connection closed with " + frame.closeCode() + " " + frame.text());
            }
            assertTrue(frame.fin() && frame.opcode() == RawWebSocket.TEXT, () -> "unexpected frame " + frame);
            return Json.createReader(new StringReader(frame.text())).readObject();
        }

        /** What the server gets: the UTF-8 encoder replaces lone surrogates with '?'. */
        private static String asReceived(String frame) {
            return new String(frame.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
    }
}
