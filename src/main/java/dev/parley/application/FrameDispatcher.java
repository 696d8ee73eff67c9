package dev.parley.application;

import dev.parley.broker.Broker;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;

/**
 * Hands each admitted client frame of a connection to the part of the chat that handles it ({@link ChatService} has
 * admitted it and holds the connection's monitor). A frame about a room the connection is not in is refused with
 * {@code not_joined}; the rules of each frame are its handler's, and answers go to the connection through the fanout.
 */
final class FrameDispatcher {

    private final Broker broker;
    private final FrameEncoder encoder;
    private final AccessService access;
    private final Authentication authentication;
    private final Membership membership;
    private final RoomMessages messages;
    private final ReadTracking reads;
    private final MessageEdits edits;

    FrameDispatcher(Broker broker, FrameEncoder encoder, AccessService access, Authentication authentication,
                    Membership membership, RoomMessages messages, ReadTracking reads, MessageEdits edits) {
        this.broker = broker;
        this.encoder = encoder;
        this.access = access;
        this.authentication = authentication;
        this.membership = membership;
        this.messages = messages;
        this.reads = reads;
        this.edits = edits;
    }

    // Java 17 has no pattern matching for switch; the if-chain ends in an exception for a frame type left out.
    /**
     * Applies the frame; call with the connection's monitor held.
     *
     * @throws ChatException when the chat's rules refuse it
     */
    void dispatch(Connection connection, ClientFrame frame, Fanout out) {
        if (frame instanceof ClientFrame.Join join) {
            membership.join(connection, join, out);
        } else if (frame instanceof ClientFrame.Leave leave) {
            membership.leave(joinedRoom(connection, leave), connection, Departure.ASKED, out);
            connection.rooms().remove(leave.room());
            reads.forget(leave.room(), connection.identity().subject());
        } else if (frame instanceof ClientFrame.Message message) {
            ChatMessage resent = messages.post(connection, joinedRoom(connection, message), message.text(),
                    message.id(), message.ref());
            // A new message is acked with its delivery, before the echo; a resend was delivered before: acked here.
            if (resent != null) {
                out.offer(connection, encoder.encode(ServerFrame.Ack.of(resent)));
            }
        } else if (frame instanceof ClientFrame.OnMessage change) {
            edits.change(connection, joinedRoom(connection, change), change, out);
        } else if (frame instanceof ClientFrame.Typing typing) {
            broker.typing(joinedRoom(connection, typing), connection.member());
        } else if (frame instanceof ClientFrame.History history) {
            out.offer(connection, encoder.encode(new ServerFrame.History(history.room(),
                    messages.history(joinedRoom(connection, history), history.before(), history.limit()))));
        } else if (frame instanceof ClientFrame.Direct direct) {
            access.direct(connection, direct, out);
        } else if (frame instanceof ClientFrame.Moderate moderate) {
            access.moderate(connection, moderate, out);
        } else if (frame instanceof ClientFrame.GiveRole role) {
            access.giveRole(connection, role, out);
        } else if (frame instanceof ClientFrame.Search search) {
            out.offer(connection, encoder.encode(new ServerFrame.Search(search.room(), search.query(),
                    messages.search(joinedRoom(connection, search), search.query(), search.before(),
                            search.limit()))));
        } else if (frame instanceof ClientFrame.Read read) {
            joinedRoom(connection, read);
            reads.read(connection, read);
        } else if (frame instanceof ClientFrame.Rooms rooms) {
            reads.rooms(connection, rooms, out);
        } else if (frame instanceof ClientFrame.Ping) {
            out.offer(connection, encoder.encode(new ServerFrame.Pong()));
        } else if (frame instanceof ClientFrame.Auth auth) {
            out.offer(connection, encoder.encode(authentication.authenticate(connection, auth)));
            membership.recheck(connection, out); // a renewed token may no longer grant a private room
        } else {
            throw new IllegalArgumentException("no handler for " + frame);
        }
    }

    private static RoomId joinedRoom(Connection connection, ClientFrame.InRoom frame) {
        if (!connection.rooms().contains(frame.room())) {
            throw new ChatException(ErrorCode.NOT_JOINED, "not in room '" + frame.room() + "'", frame.ref());
        }
        return frame.room();
    }
}
