package dev.parley.client;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A client of Parley (docs/protocol.md): one WebSocket kept open (heartbeat, reconnects with jittered backoff), the
 * {@code auth} sign-in with a token supplier and its renewal, and the rooms joined, each rejoined with {@code since}
 * and {@code epoch} after every reconnect with its unconfirmed messages sent again under their ids. Everything happens
 * on one thread of the client's; listeners are called there and must not block.
 *
 * <pre>{@code
 * try (ParleyClient client = ParleyClient.connect(URI.create("http://localhost:8080/"), ParleyOptions.named("ada"))) {
 *     Room lobby = client.join("lobby", event -> System.out.println(event));
 *     Ack ack = lobby.send("hello").toCompletableFuture().get(10, TimeUnit.SECONDS);
 * }
 * }</pre>
 */
public final class ParleyClient implements AutoCloseable {

    private final ParleyOptions options;
    private final Loop loop = new Loop();
    private final Link link;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final RoomLink roomLink = new Rooms();
    private final Listeners<ClientEvent> listeners = new Listeners<>("the client");
    // Touched on the client's thread only.
    private final Unanswered unanswered = new Unanswered();
    private final Requests requests;
    private final SignIn signIn;
    private boolean ready;
    private volatile String user;
    private volatile String status = "offline";
    private volatile Instant expires;

    private ParleyClient(URI server, ParleyOptions options) {
        this.options = options;
        this.user = options.name();
        Address address = Address.of(server);
        String origin = options.defaultOrigin() ? address.origin() : options.origin();
        this.link = new Link(options.http(), address.socket(), origin, options, loop, new Random()::nextDouble,
                text -> Frames.read(text).forEach(this::receive), this::down, this::changeStatus);
        this.signIn = new SignIn(options, loop, link, this::fail);
        this.requests = new Requests(link::send, this::emit);
    }

    /**
     * Opens a client on the Parley at {@code server} ({@code http://host:8080/}; {@code ws:} and {@code wss:} do too;
     * the WebSocket is {@code chat} under it) and keeps it connected until {@link #close()}.
     */
    public static ParleyClient connect(URI server, ParleyOptions options) {
        ParleyClient client = new ParleyClient(server, options);
        client.loop.execute(client.link::connect);
        return client;
    }

    /** Joins {@code room} (now, or once connected) and rejoins it after every reconnect; the same room when joined. */
    public Room join(String room) {
        return join(room, null);
    }

    /** As {@link #join(String)}, with {@code listener} added before any event can reach it (none when null). */
    public Room join(String room, Consumer<? super RoomEvent> listener) {
        Address.room(room);
        if (loop.closed()) {
            throw new IllegalStateException("the client is closed");
        }
        Room made = new Room(room, roomLink, loop, options);
        Room joined = rooms.putIfAbsent(room, made);
        Room it = joined != null ? joined : made;
        if (listener != null) {
            it.addListener(listener);
        }
        if (joined == null) {
            loop.execute(() -> sendJoin(made));
        }
        return it;
    }

    /** The direct conversation with {@code user} (a subject; in open mode a name, once a join bound this one's). */
    public CompletionStage<ClientEvent.Direct> direct(String user) {
        return ask(Requests.direct(user), ClientEvent.Direct.class);
    }

    /** Takes {@code user} (a subject) out of {@code room}; they may join again. Moderators and owners only. */
    public CompletionStage<ClientEvent.Moderated> kick(String room, String user) {
        return ask(Requests.moderation("kick", room, user), ClientEvent.Moderated.class);
    }

    /** Takes {@code user} (a subject) out of {@code room} until unbanned. Moderators and owners only. */
    public CompletionStage<ClientEvent.Moderated> ban(String room, String user) {
        return ask(Requests.moderation("ban", room, user), ClientEvent.Moderated.class);
    }

    public CompletionStage<ClientEvent.Moderated> unban(String room, String user) {
        return ask(Requests.moderation("unban", room, user), ClientEvent.Moderated.class);
    }

    /** Makes {@code user} a {@code member} or {@code moderator} of {@code room}, or none with null. Owners only. */
    public CompletionStage<ClientEvent.Moderated> role(String room, String user, String role) {
        return ask(Requests.role(room, user, role), ClientEvent.Moderated.class);
    }

    public Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(name));
    }

    public ParleyClient addListener(Consumer<? super ClientEvent> listener) {
        listeners.add(listener);
        return this;
    }

    public void removeListener(Consumer<? super ClientEvent> listener) {
        listeners.remove(listener);
    }

    /** The name this client joins with: given, or the server's ({@code welcome}, {@code authenticated}). */
    public String user() {
        return user;
    }

    /** {@code connecting}, {@code online}, {@code reconnecting} or {@code offline}. */
    public String status() {
        return status;
    }

    /** When the token expires, from the last {@code authenticated}; null without one. */
    public Instant expires() {
        return expires;
    }

    /** Closes the connection for good; messages and requests waiting for their answers fail with {@code closed}. */
    @Override
    public void close() {
        loop.shutdownAfter(() -> {
            ParleyException closed = new ParleyException("closed", "the client was closed", null);
            rooms.values().forEach(room -> room.gone(closed));
            rooms.clear();
            requests.close(closed);
            signIn.stop();
            link.close();
        });
        loop.awaitStop(options.silenceLimit().toMillis());
    }

    // ---- on the client's thread --------------------------------------------------------------------------------

    private void receive(JsonObject frame) {
        String type = Frames.string(frame, "type");
        switch (type) {
            case "welcome" -> welcomed(frame);
            case "authenticated" -> authenticated(frame);
            case "error" -> refused(frame);
            case "direct", "moderated" -> requests.answered(frame);
            default -> {
                unanswered.answered(type, Frames.string(frame, "room"));
                Room room = rooms.get(String.valueOf(Frames.string(frame, "room")));
                if (room != null) { // none: a room left meanwhile, or a frame of no room (pong)
                    room.receive(frame);
                }
            }
        }
    }

    private void welcomed(JsonObject frame) {
        String named = Frames.string(frame, "user");
        if (named != null && !named.isEmpty()) {
            user = named; // the server signed the user in
        }
        String auth = Frames.string(frame, "auth");
        emit(new ClientEvent.Welcome(Frames.string(frame, "session"), named, auth));
        if ("jwt".equals(auth) && !signIn.possible()) {
            fail(new ParleyException("unauthorized", "The server asks for a token: give the options a token", "auth"));
            close();
        } else if ("jwt".equals(auth)) {
            signIn.authenticate();
        } else {
            start();
        }
    }

    private void authenticated(JsonObject frame) {
        String named = Frames.string(frame, "user");
        if (named != null && !named.isEmpty()) {
            user = named;
        }
        expires = Frames.instant(frame, "expires");
        emit(new ClientEvent.Authenticated(named, expires, Frames.stringMap(frame, "rooms")));
        signIn.authenticated(expires);
        if (!ready) {
            start();
        }
    }

    private void start() {
        if (user == null) {
            fail(new ParleyException("bad_request", "No name to join with: give the options a name", "join"));
            return;
        }
        ready = true;
        link.resetBackoff();
        changeStatus("online");
        rooms.values().forEach(this::sendJoin);
        requests.ready();
    }

    private void sendJoin(Room room) {
        if (ready && rooms.get(room.name()) == room) {
            unanswered.sent("join", room.name());
            link.send(room.store.join(user));
        }
    }

    private void refused(JsonObject frame) {
        if (requests.refused(frame)) {
            return; // a direct or moderation frame's
        }
        Room room = roomOf(Frames.string(frame, "ref"));
        if (room != null) {
            room.refused(frame);
        } else {
            fail(Frames.error(frame));
        }
    }

    /** The room an error concerns: the oldest request of its type, or the one holding the message its ref names. */
    private Room roomOf(String ref) {
        if (unanswered.keeps(ref)) {
            String name = unanswered.refused(ref);
            return name == null ? null : rooms.get(name);
        }
        return ref == null ? null : rooms.values().stream().filter(r -> r.store.isPending(ref)).findFirst().orElse(null);
    }

    private void down() {
        ready = false;
        signIn.down();
        unanswered.clear();
        requests.down();
        rooms.values().forEach(Room::disconnected);
    }

    private <T extends ClientEvent> CompletionStage<T> ask(Requests.Request request, Class<T> answer) {
        loop.run(request.answer, () -> requests.add(request, ready));
        return request.answer.thenApply(answer::cast);
    }

    private void changeStatus(String state) {
        status = state;
        emit(new ClientEvent.Status(state));
    }

    private void fail(ParleyException error) {
        emit(new ClientEvent.Failed(error));
    }

    private void emit(ClientEvent event) {
        listeners.emit(event);
    }

    /** What the rooms need of the client, on its thread. */
    private final class Rooms implements RoomLink {
        @Override
        public void send(String frame) {
            link.send(frame);
        }

        @Override
        public void sendRequest(Room room, String frame, String type) {
            if (link.send(frame)) {
                unanswered.sent(type, room.name());
            }
        }

        @Override
        public void rejoin(Room room) {
            sendJoin(room);
        }

        @Override
        public void leave(Room room) {
            if (rooms.remove(room.name(), room)) {
                String frame = room.store.leave();
                if (frame != null) {
                    link.send(frame);
                }
                room.gone(new ParleyException("left", "the room " + room.name() + " was left", null));
            }
        }
    }
}
