package dev.parley.application;

import dev.parley.broker.Broker;
import dev.parley.broker.MessageDeletedException;
import dev.parley.broker.NoSuchMessageException;
import dev.parley.broker.RoomLimitException;
import dev.parley.broker.TooManyReactionsException;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.RoomId;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameEncoder;

/**
 * The {@code edit}, {@code delete} and {@code react} frames: who may change a message, and the answer. Only its author
 * edits a message; its author or a moderator or owner of the room deletes it; any member reacts. The change itself,
 * and its delivery to every connection of the room (the sender's included), is the broker's. Called with the
 * connection's monitor held, for a room it has joined.
 */
final class MessageEdits {

    private final Broker broker;
    private final AccessService access;
    private final RoomMessages messages;
    private final FrameEncoder encoder;

    MessageEdits(Broker broker, AccessService access, RoomMessages messages, FrameEncoder encoder) {
        this.broker = broker;
        this.access = access;
        this.messages = messages;
        this.encoder = encoder;
    }

    /** @param room the frame's room, which the connection has joined */
    void change(Connection connection, RoomId room, ClientFrame.OnMessage frame, Fanout out) {
        String subject = connection.identity().subject();
        if (frame instanceof ClientFrame.Edit edit) {
            messages.checkText(edit.text(), frame.ref());
            if (!current(frame).author().equals(subject)) {
                throw new ChatException(ErrorCode.FORBIDDEN, "only its author may edit a message", frame.ref());
            }
            apply(new MessageChange.Edit(room, frame.seq(), subject, edit.text()), frame);
        } else if (frame instanceof ClientFrame.Delete) {
            if (!current(frame).author().equals(subject) && !access.moderates(connection.identity(), room)) {
                throw new ChatException(ErrorCode.FORBIDDEN, "only its author or a moderator or owner of room '"
                        + room + "' may delete a message", frame.ref());
            }
            Changed changed = apply(new MessageChange.Delete(room, frame.seq()), frame);
            if (changed.noop()) { // deleted before: told again, for a client that retries
                out.offer(connection, encoder.encode(changed));
            }
        } else if (frame instanceof ClientFrame.React react) { // any member: no need to read the message first
            apply(new MessageChange.React(room, frame.seq(), subject, connection.name(), react.emoji()), frame);
        } else {
            throw new IllegalArgumentException("no change for " + frame);
        }
    }

    /** The message as it is now; authorship never changes, so it is checked before the change. */
    private ChatMessage current(ClientFrame.OnMessage frame) {
        ChatMessage message = broker.message(frame.room(), frame.seq());
        if (message == null) {
            throw noSuchMessage(frame);
        }
        return message;
    }

    private Changed apply(MessageChange change, ClientFrame frame) {
        try {
            return broker.change(change);
        } catch (NoSuchMessageException | RoomLimitException e) {
            throw noSuchMessage((ClientFrame.OnMessage) frame);
        } catch (MessageDeletedException | TooManyReactionsException e) {
            throw new ChatException(ErrorCode.BAD_REQUEST, e.getMessage(), frame.ref());
        }
    }

    private static ChatException noSuchMessage(ClientFrame.OnMessage frame) {
        return new ChatException(ErrorCode.BAD_REQUEST, "seq: room '" + frame.room() + "' has no message "
                + frame.seq() + " (never numbered, or no longer kept)", frame.ref());
    }
}
