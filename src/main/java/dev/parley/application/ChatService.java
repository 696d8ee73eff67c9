package dev.parley.application;

import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.Unicode;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat: connections come and go, join rooms, post, type, ask for history. One instance per deployment.
 * <p>
 * Locking: a connection's monitor, then a room's monitor inside it, never the other way round. Frames are offered to
 * peers under those locks (so each member's queue follows the room's seq order) and drained after they are released
 * (so no lock is held across network I/O).
 */
public final class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    /** At most one log line a connection about its rate limiting, every this many nanoseconds. */
    private static final long RATE_LIMIT_LOG_NANOS = 10_000_000_000L;

    private final ParleyConfig config;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final FrameEncoder encoder = new FrameEncoder();
    private final RoomRegistry rooms;
    private final SecureRandom random = new SecureRandom();
    private final ServerFrame.Limits limits;
    private final ChatMetrics metrics;

    public ChatService(ParleyConfig config) {
        this(config, ChatMetrics.NONE);
    }

    public ChatService(ParleyConfig config, ChatMetrics metrics) {
        this(config, metrics, Clock.systemUTC(), System::nanoTime);
    }

    public ChatService(ParleyConfig config, Clock clock, LongSupplier nanoTime) {
        this(config, ChatMetrics.NONE, clock, nanoTime);
    }

    public ChatService(ParleyConfig config, ChatMetrics metrics, Clock clock, LongSupplier nanoTime) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.limits = new ServerFrame.Limits(config.maxTextChars(), config.maxFrameBytes(), config.messagesPerSecond());
        this.rooms = new RoomRegistry(encoder, config.historySize(), config.maxRooms(),
                TimeUnit.SECONDS.toNanos(config.emptyRoomSeconds()), nanoTime, this::newId);
    }

    public ParleyConfig config() {
        return config;
    }

    public ChatMetrics metrics() {
        return metrics;
    }

    /** A new connection: gets its id and the {@code welcome} frame. */
    public Connection connect(Peer peer) {
        return connect(peer, null);
    }

    /**
     * A new connection of a user the container authenticated: the name is bound from the start, and a join with
     * another name is refused.
     *
     * @param authenticated null when the container did not authenticate anyone
     */
    public Connection connect(Peer peer, UserName authenticated) {
        Connection connection = new Connection(newId(), peer,
                new TokenBucket(config.messagesPerSecond(), config.messageBurst(), nanoTime),
                new TokenBucket(config.framesPerSecond(), 2 * config.framesPerSecond(), nanoTime),
                new TokenBucket(1, config.maxRateLimitErrors(), nanoTime));
        if (authenticated != null) {
            connection.bind(authenticated);
        }
        if (peer.offer(encoder.encode(new ServerFrame.Welcome(connection.id(), authenticated, limits)))) {
            peer.drain();
        }
        metrics.connectionOpened();
        return connection;
    }

    /** Applies one client frame; whatever the chat's rules refuse is answered with an {@code error} frame. */
    public void handle(Connection connection, ClientFrame frame) {
        metrics.frameIn(frame.type());
        Fanout out = new Fanout();
        try {
            synchronized (connection) {
                if (!connection.isClosed()) {
                    try {
                        admit(connection, frame.ref());
                        dispatch(connection, frame, out);
                    } catch (ChatException e) {
                        refuse(connection, e, out);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, connection + ": " + frame.type() + " frame failed", e);
            metrics.error(ErrorCode.INTERNAL);
            out.offer(connection, error(ErrorCode.INTERNAL, "the server could not handle this frame", frame.ref()));
        } finally {
            out.drain();
        }
    }

    /** Answers a frame that could not be decoded. It counts against the frame rate like any other. */
    public void reject(Connection connection, ErrorCode code, String message, String ref) {
        metrics.frameIn("invalid");
        Fanout out = new Fanout();
        synchronized (connection) {
            if (!connection.isClosed()) {
                ChatException refusal = new ChatException(code, message, ref);
                try {
                    admit(connection, ref);
                } catch (ChatException e) {
                    refusal = e;
                }
                refuse(connection, refusal, out);
            }
        }
        out.drain();
    }

    /** The connection is gone, cleanly or not: it leaves every room, and the others hear of it. */
    public void disconnect(Connection connection) {
        Fanout out = new Fanout();
        synchronized (connection) {
            leaveAll(connection, out);
        }
        out.drain();
        connection.peer().discard();
    }

    /** Marks the connection closed and takes it out of its rooms; call with its monitor held. */
    private void leaveAll(Connection connection, Fanout out) {
        if (connection.isClosed()) {
            return;
        }
        connection.markClosed();
        metrics.connectionClosed();
        long now = nanoTime.getAsLong();
        for (RoomId id : connection.rooms()) {
            rooms.find(id).leave(connection, false, now, out);
        }
        connection.rooms().clear();
    }

    /** Frees the rooms that have been empty and quiet for {@code emptyRoomSeconds}; run now and then. */
    public int freeIdleRooms() {
        int freed = rooms.freeIdle();
        if (freed > 0) {
            LOG.fine(() -> "freed " + freed + " idle rooms, " + rooms.size() + " left");
        }
        return freed;
    }

    /** The connection for a log line: its id, name and rooms. Never its messages. */
    public String describe(Connection connection) {
        synchronized (connection) {
            UserName name = connection.name();
            return connection + (name == null ? "" : " (" + LogText.quote(name.value()) + " in "
                    + connection.rooms() + ")");
        }
    }

    /** Rooms in memory. */
    public int roomCount() {
        return rooms.size();
    }

    private void admit(Connection connection, String ref) {
        if (!connection.frameRate().tryTake()) {
            metrics.rateLimited();
            throw new ChatException(ErrorCode.RATE_LIMITED,
                    "more than " + config.framesPerSecond() + " frames per second", ref);
        }
    }

    /** Answers with an error frame; a connection that keeps running into the rate limit is flooding and is closed. */
    private void refuse(Connection connection, ChatException e, Fanout out) {
        metrics.error(e.code());
        out.offer(connection, error(e.code(), e.getMessage(), e.ref()));
        if (e.code() != ErrorCode.RATE_LIMITED) {
            return;
        }
        if (!connection.rateLimitErrors().tryTake()) {
            LOG.warning(describe(connection) + " keeps flooding past the rate limit, closing it with "
                    + CloseCause.FLOODING.code());
            leaveAll(connection, out);
            connection.peer().close(CloseCause.FLOODING);
            return;
        }
        long count = connection.countRateLimited(nanoTime.getAsLong(), RATE_LIMIT_LOG_NANOS);
        if (count > 0) {
            String who = describe(connection);
            LOG.info(() -> who + ": " + count + " frames refused by the rate limit (" + e.getMessage() + ")");
        }
    }

    private void dispatch(Connection connection, ClientFrame frame, Fanout out) {
        if (frame instanceof ClientFrame.Join) {
            join(connection, (ClientFrame.Join) frame, out);
        } else if (frame instanceof ClientFrame.Leave) {
            joinedRoom(connection, (ClientFrame.Leave) frame).leave(connection, true, nanoTime.getAsLong(), out);
            connection.rooms().remove(((ClientFrame.Leave) frame).room());
        } else if (frame instanceof ClientFrame.Message) {
            post(connection, (ClientFrame.Message) frame, out);
        } else if (frame instanceof ClientFrame.Typing) {
            joinedRoom(connection, (ClientFrame.Typing) frame).typing(connection.name(), out);
        } else if (frame instanceof ClientFrame.History) {
            ClientFrame.History request = (ClientFrame.History) frame;
            Room room = joinedRoom(connection, request);
            out.offer(connection, encoder.encode(new ServerFrame.History(
                    request.room(), room.history(request.before(), request.limit()))));
        } else if (frame instanceof ClientFrame.Ping) {
            out.offer(connection, encoder.encode(new ServerFrame.Pong()));
        } else {
            throw new IllegalArgumentException("no handler for " + frame);
        }
    }

    private void join(Connection connection, ClientFrame.Join join, Fanout out) {
        UserName bound = connection.name();
        if (bound == null && join.name() == null) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "name is required on the first join", join.ref());
        }
        if (bound != null && join.name() != null && !bound.equals(join.name())) {
            throw new ChatException(ErrorCode.BAD_REQUEST,
                    "this connection is already named '" + bound + "'", join.ref());
        }
        boolean isNew = !connection.rooms().contains(join.room());
        if (isNew && connection.rooms().size() >= config.maxRoomsPerConnection()) {
            throw new ChatException(ErrorCode.BAD_REQUEST,
                    "a connection may be in at most " + config.maxRoomsPerConnection() + " rooms", join.ref());
        }
        if (bound == null) {
            connection.bind(join.name());
        }
        rooms.apply(join.room(), join.ref(), room -> room.join(
                connection, connection.name(), join.since(), join.epoch(), nanoTime.getAsLong(), out) ? room : null);
        connection.rooms().add(join.room());
    }

    private void post(Connection connection, ClientFrame.Message message, Fanout out) {
        Room room = joinedRoom(connection, message);
        checkText(message.text(), message.ref());
        if (!connection.messageRate().tryTake()) {
            metrics.rateLimited();
            throw new ChatException(ErrorCode.RATE_LIMITED,
                    "more than " + config.messagesPerSecond() + " messages per second", message.ref());
        }
        record(room, connection, connection.name(), message.text(), message.id(), ChatMetrics.Origin.WEBSOCKET, out);
    }

    /**
     * Publishes a message that comes from no connection (the HTTP API): numbered, recorded and broadcast exactly like
     * a member's message. The room is created if nobody has joined it yet, so its history keeps the message (for
     * {@code emptyRoomSeconds} after the last one, like any room without members).
     *
     * @throws ChatException when the text is empty or too long, or the room cannot be made
     */
    public ChatMessage publish(RoomId roomId, UserName user, String text) {
        checkText(text, null);
        Fanout out = new Fanout();
        try {
            return rooms.apply(roomId, null,
                    room -> record(room, null, user, text, null, ChatMetrics.Origin.HTTP, out));
        } finally {
            out.drain();
        }
    }

    /** Up to {@code limit} messages of a room before {@code before} (or its latest), oldest first; none if unknown. */
    public List<ChatMessage> history(RoomId roomId, Long before, int limit) {
        Room room = rooms.find(roomId);
        return room == null ? List.of() : room.history(before, limit);
    }

    /** Every room with its member count and latest seq, by name. */
    public List<RoomSummary> rooms() {
        return rooms.summaries();
    }

    private void checkText(String text, String ref) {
        if (text.isEmpty()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "text must not be empty", ref);
        }
        if (text.length() > config.maxTextChars()) {
            throw new ChatException(ErrorCode.TOO_LARGE,
                    "text is longer than " + config.maxTextChars() + " characters", ref);
        }
        if (!Unicode.isWellFormed(text)) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "text must be valid Unicode (no unpaired surrogate)", ref);
        }
    }

    /** The one way a message enters a room, whoever sends it; null when the room was freed meanwhile. */
    private ChatMessage record(Room room, Connection sender, UserName user, String text, String clientId,
                               ChatMetrics.Origin origin, Fanout out) {
        long start = nanoTime.getAsLong();
        Room.Posted posted = room.post(sender, user, text, clientId, clock.instant(), start, out);
        if (posted == null) {
            return null;
        }
        metrics.fannedOut(posted.recipients(), nanoTime.getAsLong() - start);
        metrics.published(origin);
        return posted.message();
    }

    private Room joinedRoom(Connection connection, ClientFrame.InRoom frame) {
        if (!connection.rooms().contains(frame.room())) {
            throw new ChatException(ErrorCode.NOT_JOINED, "not in room '" + frame.room() + "'", frame.ref());
        }
        return rooms.find(frame.room());
    }

    private String error(ErrorCode code, String message, String ref) {
        return encoder.encode(new ServerFrame.Error(code, message, ref));
    }

    private String newId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
