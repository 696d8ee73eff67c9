package dev.parley.application;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.Publication;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RandomId;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomSummary;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientLimits;
import dev.parley.protocol.CloseCause;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat: connections come and go, join rooms, post, type, ask for history. One instance per deployment; what nodes
 * share (seqs, history, presence) is the {@link Broker}'s, the members on this node are {@link LocalRooms}'.
 * <p>
 * Locking: a connection's monitor around each of its frames; inside it, broker calls, and a room's monitor only to
 * offer frames. Frames are drained after every lock is released ({@link Fanout}), so no lock is held across network I/O.
 */
public final class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    private final Broker broker;
    private final ChatMetrics metrics;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FloodPolicy flood;
    private final LocalRooms local;
    private final ClientLimits limits;
    private final AccessService access;
    private final Authentication authentication;
    private final Membership membership;
    private final RoomMessages messages;
    private final ReadTracking reads;
    private final FrameDispatcher frames;

    /** A chat in open mode: no tokens. */
    public ChatService(ParleyConfig config, Broker broker, ChatMetrics metrics, LongSupplier nanoTime) {
        this(config, broker, metrics, nanoTime, Authentication.open());
    }

    public ChatService(ParleyConfig config, Broker broker, ChatMetrics metrics, LongSupplier nanoTime,
                       Authentication authentication) {
        this.authentication = authentication;
        this.broker = broker;
        this.metrics = metrics;
        this.flood = new FloodPolicy(config, metrics, nanoTime);
        this.local = new LocalRooms(broker, encoder, config.outboxFrames(), metrics, nanoTime);
        this.limits = new ClientLimits(config.maxTextChars(), config.maxFrameBytes(), config.messagesPerSecond());
        this.access = new AccessService(broker, encoder);
        this.reads = new ReadTracking(broker, local, encoder);
        this.membership = new Membership(broker, local, access, authentication, reads,
                config.maxRoomsPerConnection());
        this.messages = new RoomMessages(broker, metrics, flood, config.maxTextChars());
        this.frames = new FrameDispatcher(broker, encoder, access, authentication, membership, messages, reads,
                new MessageEdits(broker, access, messages, encoder));
        broker.register(local);
    }

    /** A new connection: gets its id and the {@code welcome} frame, which says whether it must sign in. */
    public Connection connect(NewConnection arrival) {
        Peer peer = arrival.peer();
        Connection connection = new Connection(RandomId.next(), peer, arrival.transport(), flood.newAllowance());
        authentication.opened(connection, arrival.principal());
        local.register(connection);
        if (peer.offer(encoder.encode(new ServerFrame.Welcome(connection.id(), connection.name(), limits,
                authentication.signIn())))) {
            peer.drain();
        }
        metrics.connectionOpened();
        return connection;
    }

    /** Applies one client frame; whatever the chat's rules refuse is answered with an {@code error} frame. */
    public void handle(Connection connection, ClientFrame frame) {
        metrics.frameIn(frame.type());
        CloseCause closing = null;
        try (Fanout out = local.fanout()) {
            synchronized (connection) {
                if (connection.isClosed()) {
                    return;
                }
                try {
                    flood.admitFrame(connection, frame.ref());
                    authentication.admit(connection, frame);
                    frames.dispatch(connection, frame, out);
                } catch (ChatException e) {
                    closing = refuse(connection, e, out);
                } catch (BrokerUnavailableException e) {
                    LOG.log(Level.INFO, connection + ": " + frame.type() + " frame not handled: " + e.getMessage());
                    closing = refuse(connection, unavailable(frame.ref()), out);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, connection + ": " + frame.type() + " frame failed", e);
                    metrics.error(ErrorCode.INTERNAL);
                    out.offer(connection, error(new ChatException(ErrorCode.INTERNAL,
                            "the server could not handle this frame", frame.ref())));
                }
            }
        }
        closeAfterDrain(connection, closing);
    }

    /** Answers a frame that could not be decoded. It counts against the frame rate like any other. */
    public void reject(Connection connection, ErrorCode code, String message, String ref) {
        metrics.frameIn("invalid");
        CloseCause closing = null;
        try (Fanout out = local.fanout()) {
            synchronized (connection) {
                if (connection.isClosed()) {
                    return;
                }
                ChatException refusal = new ChatException(code, message, ref);
                try {
                    flood.admitFrame(connection, ref);
                } catch (ChatException e) {
                    refusal = e;
                }
                closing = refuse(connection, refusal, out);
            }
        }
        closeAfterDrain(connection, closing);
    }

    /** The connection is gone, cleanly or not: it leaves every room, and the others hear of it. */
    public void disconnect(Connection connection) {
        try (Fanout out = local.fanout()) {
            synchronized (connection) {
                leaveAll(connection, out);
            }
        }
        connection.peer().discard();
    }

    /**
     * Publishes a message that comes from no connection (the HTTP API): numbered, recorded and broadcast exactly like
     * a member's message. The room is made if nobody has joined it yet, so its history keeps the message (for
     * {@code emptyRoomSeconds} after the last one, like any room without members).
     *
     * @param clientId the publisher's id for the message, or null: a user's id seen within {@code dedupeSeconds}
     *                 answers the original message and publishes nothing
     * @throws ChatException when the text is empty or too long, or the room cannot be made
     */
    public Publication publish(RoomId room, UserName user, String text, String clientId) {
        try (Fanout inline = local.fanout()) { // what the broker delivers on this thread is drained as this returns
            return messages.publish(room, user, text, clientId);
        } catch (BrokerUnavailableException e) {
            LOG.log(Level.INFO, "publish into " + room + " not handled: " + e.getMessage());
            metrics.error(ErrorCode.UNAVAILABLE);
            throw unavailable(null);
        }
    }

    /** Up to {@code limit} messages of a room before {@code before} (or its latest), oldest first; none if unknown. */
    public List<ChatMessage> history(RoomId room, Long before, int limit) {
        return messages.history(room, before, limit);
    }

    /**
     * Up to {@code limit} messages of a room below {@code before} (or any) containing every word of {@code query},
     * newest first.
     *
     * @throws ChatException when the server keeps no archive to search
     */
    public List<ChatMessage> search(RoomId room, String query, Long before, int limit) {
        return messages.search(room, query, before, limit);
    }

    /** Every room with its member count and latest seq, by name. */
    public List<RoomSummary> rooms() {
        return broker.rooms();
    }

    /** Room access for the operator: rules, memberships, bans. */
    public AccessService access() {
        return access;
    }

    /** Open connections on this node by transport, every transport listed (0 when none). */
    public Map<Transport, Integer> connections() {
        return local.connectionsByTransport();
    }

    /** Frees the rooms that have been empty and quiet for {@code emptyRoomSeconds}; run now and then. */
    public int freeIdleRooms() {
        return broker.freeIdleRooms();
    }

    /**
     * Answers with an error frame; a connection that keeps running into the rate limit is flooding, and some refusals
     * close (a refused token): such a connection leaves its rooms, and the close to ask for is returned.
     */
    private CloseCause refuse(Connection connection, ChatException e, Fanout out) {
        metrics.error(e.code());
        out.offer(connection, error(e));
        CloseCause closes = e.closes() != null ? e.closes() : flood.floods(connection, e) ? CloseCause.FLOODING : null;
        if (closes != null) {
            leaveAll(connection, out);
        }
        return closes;
    }

    /** Asked for once the error frame's send has started, so that the close does not drop it from the outbox. */
    private static void closeAfterDrain(Connection connection, CloseCause cause) {
        if (cause != null) {
            connection.peer().close(cause);
        }
    }

    /** Closes the connections that did not sign in in time or whose token expired; the runtime runs it every second. */
    public void closeOverdue() {
        for (Connection connection : authentication.overdue()) {
            try (Fanout out = local.fanout()) {
                synchronized (connection) {
                    CloseCause cause = authentication.overdue(connection); // again: an auth may have renewed it
                    if (cause != null && !connection.isClosed()) {
                        leaveAll(connection, out);
                        connection.peer().close(cause);
                    }
                }
            }
        }
    }

    /** Marks the connection closed and takes it out of its rooms; call with its monitor held. */
    private void leaveAll(Connection connection, Fanout out) {
        if (connection.isClosed()) {
            return;
        }
        connection.markClosed();
        authentication.closed(connection);
        metrics.connectionClosed();
        membership.leaveAll(connection, out);
        local.unwatchAll(connection);
        // Only once it is out of its rooms: a message of its arriving meanwhile finds it a member and its sender,
        // so its ack still comes before its echo.
        local.unregister(connection);
    }

    private static ChatException unavailable(String ref) {
        return new ChatException(ErrorCode.UNAVAILABLE, "the chat cannot reach its store for a moment; send this "
                + "again later (a message with the same id, so that it is not shown twice)", ref);
    }

    private String error(ChatException e) {
        return encoder.encode(new ServerFrame.Error(e.code(), e.getMessage(), e.ref()));
    }
}
