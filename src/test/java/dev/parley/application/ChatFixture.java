package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.broker.Broker;
import dev.parley.broker.memory.MemoryBroker;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.UserName;
import dev.parley.identity.NimbusTokenVerifier;
import dev.parley.testing.Tokens;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

/** A {@link ChatService} on a fixed clock and a hand-driven nano clock, and the fake clients connected to it. */
final class ChatFixture {

    static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    static final String NOW_ON_THE_WIRE = "2026-11-23T10:15:30.123Z";

    final FakeNanoTime nanos = new FakeNanoTime();
    final ParleyConfig config;
    final ChatService chat;
    private final List<Connection> connections = new ArrayList<>();

    /** The default configuration. */
    ChatFixture() {
        this(Map.of());
    }

    /** @param environment settings as environment variables, e.g. {@code PARLEY_MAX_TEXT_CHARS} */
    ChatFixture(Map<String, String> environment) {
        this(environment, ChatMetrics.NONE);
    }

    /** The default configuration, reporting to {@code metrics}. */
    ChatFixture(ChatMetrics metrics) {
        this(Map.of(), metrics);
    }

    private ChatFixture(Map<String, String> environment, ChatMetrics metrics) {
        this(ParleyConfig.load(environment, Map.of()), metrics, Authentication.open(), UnaryOperator.identity());
    }

    private ChatFixture(ParleyConfig config, ChatMetrics metrics, Authentication authentication,
                        UnaryOperator<Broker> wrap) {
        this(config, metrics, authentication, wrap, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private ChatFixture(ParleyConfig config, ChatMetrics metrics, Authentication authentication,
                        UnaryOperator<Broker> wrap, Clock clock) {
        this.config = config;
        chat = new ChatService(config, wrap.apply(new MemoryBroker(config, clock, nanos, new Epochs())), metrics,
                nanos, authentication);
    }

    /** An open-mode chat whose messages are stamped by {@code clock}. */
    static ChatFixture stampedBy(Clock clock) {
        return new ChatFixture(ParleyConfig.load(Map.of(), Map.of()), ChatMetrics.NONE, Authentication.open(),
                UnaryOperator.identity(), clock);
    }

    /** An open-mode chat over {@code wrap} of the usual memory broker: a test's lossy or watching broker. */
    static ChatFixture over(UnaryOperator<Broker> wrap) {
        return new ChatFixture(ParleyConfig.load(Map.of(), Map.of()), ChatMetrics.NONE, Authentication.open(), wrap);
    }

    /**
     * A chat with {@code parley.auth=jwt} and the tests' shared secret ({@link Tokens#SECRET}), whose tokens and
     * deadlines are judged on {@code clock}.
     *
     * @param environment more settings, e.g. {@code PARLEY_AUTH_TIMEOUT_MILLIS}
     */
    static ChatFixture signingIn(Map<String, String> environment, Clock clock) {
        Map<String, String> settings = new HashMap<>(environment);
        settings.put("PARLEY_AUTH", "jwt");
        settings.put("PARLEY_JWT_SECRET", Tokens.SECRET);
        ParleyConfig config = ParleyConfig.load(settings, Map.of());
        return new ChatFixture(config, ChatMetrics.NONE,
                Authentication.jwt(config.auth(), new NimbusTokenVerifier(config.auth(), clock), clock),
                UnaryOperator.identity());
    }

    /** A new connection whose welcome frame is still in its inbox. */
    FakeClient connect() {
        return connect(true);
    }

    /** A new connection whose peer answers {@code asksForDrain} to every offer. */
    FakeClient connect(boolean asksForDrain) {
        RecordingPeer peer = new RecordingPeer(this::anyConnectionLocked, asksForDrain);
        Connection connection = chat.connect(NewConnection.anonymous(peer, Transport.WEBSOCKET));
        connections.add(connection);
        return new FakeClient(this, connection, peer);
    }

    /** A new connection of a user the container authenticated as {@code name}; its welcome is still in its inbox. */
    FakeClient connectAs(String name) {
        RecordingPeer peer = new RecordingPeer(this::anyConnectionLocked, true);
        Connection connection = chat.connect(new NewConnection(peer, Transport.WEBSOCKET, new UserName(name)));
        connections.add(connection);
        return new FakeClient(this, connection, peer);
    }

    /** A new connection that joined {@code room} as {@code name}, with an empty inbox. */
    FakeClient joined(String room, String name) {
        FakeClient client = connect();
        client.next("welcome");
        client.join(room, name).next("joined");
        return client;
    }

    /** Lets the rate limiter refill, so that the next message is never refused for its rate. */
    void waitASecond() {
        nanos.advance(Duration.ofSeconds(1));
    }

    /** Epochs that differ from each other, as random ones do, and can be read in a failure message. */
    static final class Epochs implements java.util.function.Supplier<String> {
        private int made;

        @Override
        public synchronized String get() {
            return "epoch-" + ++made;
        }
    }

    private boolean anyConnectionLocked() {
        return connections.stream().anyMatch(Thread::holdsLock);
    }

    // --- reading frames ---

    static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** The seq of every message object in the array, in order. */
    static List<Long> seqs(JsonArray messages) {
        return messages.getValuesAs(JsonObject.class).stream()
                .map(message -> message.getJsonNumber("seq").longValueExact()).toList();
    }

    static long seq(JsonObject frame) {
        JsonNumber seq = frame.getJsonNumber("seq");
        return seq.longValueExact();
    }

    static void assertPresence(JsonObject presence, String event, String user, int members) {
        assertEquals("presence", presence.getString("type"));
        assertEquals(event, presence.getString("event"));
        assertEquals(user, presence.getString("user"));
        assertEquals(members, presence.getInt("members"));
    }

    static List<Long> rangeClosed(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** A message frame or message object in room lobby at {@link #NOW}, with exactly the documented fields. */
    static void assertMessage(JsonObject message, long seq, String id, String user, String text) {
        Set<String> fields = id == null ? Set.of("type", "room", "seq", "user", "text", "ts")
                : Set.of("type", "room", "seq", "id", "user", "text", "ts");
        assertEquals(fields, message.keySet(), message::toString);
        assertEquals("message", message.getString("type"));
        assertEquals("lobby", message.getString("room"));
        assertEquals(seq, seq(message));
        if (id != null) {
            assertEquals(id, message.getString("id"));
        }
        assertEquals(user, message.getString("user"));
        assertEquals(text, message.getString("text"));
        assertEquals(NOW_ON_THE_WIRE, message.getString("ts"));
    }
}
