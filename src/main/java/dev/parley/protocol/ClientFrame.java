package dev.parley.protocol;

import dev.parley.domain.Role;
import dev.parley.domain.RoomId;
import java.util.Locale;
import dev.parley.domain.UserName;

/** A frame a client sends, already validated against the protocol's rules. */
public sealed interface ClientFrame {

    /** The frame's type as written on the wire. */
    String type();

    /** What an error about this frame refers to: the client id of a message when it has one, else the type. */
    default String ref() {
        return type();
    }

    /** Any frame that names a room. */
    sealed interface InRoom extends ClientFrame {
        RoomId room();
    }

    /**
     * @param name  null when the frame did not carry one (then the connection's bound name is used)
     * @param since the last seq the client saw, at least 0, or null
     * @param epoch the {@code joined.epoch} that {@code since} belongs to, or null (then {@code since} is trusted)
     * @param rev   the last change rev the client saw in the room (only with {@code since}), or null: no changes wanted
     */
    record Join(RoomId room, UserName name, Long since, String epoch, Long rev) implements InRoom {
        public Join(RoomId room, UserName name, Long since, String epoch) {
            this(room, name, since, epoch, null);
        }

        public Join(RoomId room, UserName name, Long since) {
            this(room, name, since, null);
        }

        public String type() {
            return "join";
        }
    }

    record Leave(RoomId room) implements InRoom {
        public String type() {
            return "leave";
        }
    }

    /** @param id the client's own id for the message, or null */
    record Message(RoomId room, String text, String id) implements InRoom {
        public String type() {
            return "message";
        }

        @Override
        public String ref() {
            return id != null ? id : type();
        }
    }

    /** A frame that changes the numbered message {@code seq} of its room. */
    sealed interface OnMessage extends InRoom {
        long seq();
    }

    /** The author's new text for its message {@code seq}. */
    record Edit(RoomId room, long seq, String text) implements OnMessage {
        public String type() {
            return "edit";
        }
    }

    /** The message {@code seq} becomes a tombstone (its author, or a moderator or owner of the room). */
    record Delete(RoomId room, long seq) implements OnMessage {
        public String type() {
            return "delete";
        }
    }

    /** Toggles the user's reaction {@code emoji} (an {@code Emoji}) on the message {@code seq}. */
    record React(RoomId room, long seq, String emoji) implements OnMessage {
        public String type() {
            return "react";
        }
    }

    record Typing(RoomId room) implements InRoom {
        public String type() {
            return "typing";
        }
    }

    /** @param before null for the latest messages, else only messages with a smaller seq */
    record History(RoomId room, Long before, int limit) implements InRoom {
        public String type() {
            return "history";
        }
    }

    /** Asks for the room of the direct conversation with {@code user} (a subject). */
    record Direct(String user) implements ClientFrame {
        public String type() {
            return "direct";
        }
    }

    /** What a moderator does to a user in a room; the frame's type. */
    enum Action {
        KICK, BAN, UNBAN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code kick}, {@code ban} or {@code unban} of {@code user} (a subject) in {@code room}. */
    record Moderate(Action action, RoomId room, String user) implements InRoom {
        public String type() {
            return action.wire();
        }
    }

    /**
     * An owner gives {@code user} (a subject) a role in {@code room}, or takes its membership away.
     *
     * @param role null to take the membership away
     */
    record GiveRole(RoomId room, String user, Role role) implements InRoom {
        public String type() {
            return "role";
        }
    }

    /**
     * The proof of who the client is ({@code parley.auth=jwt}): first on a connection, again to renew. Its
     * {@link #toString()} leaves the token out, so that no log line can carry it.
     */
    record Auth(String token) implements ClientFrame {
        public String type() {
            return "auth";
        }

        @Override
        public String toString() {
            return "Auth[token=(hidden)]";
        }
    }

    /**
     * @param query  the words to find (whole words, any case), 1-200 characters
     * @param before null for the newest matches, else only messages with a smaller seq
     */
    record Search(RoomId room, String query, Long before, int limit) implements InRoom {
        public String type() {
            return "search";
        }
    }

    /** Moves the user's read marker in {@code room} forward to {@code seq} (at least 1). */
    record Read(RoomId room, long seq) implements InRoom {
        public String type() {
            return "read";
        }
    }

    /** Asks for the user's room list; the connection then watches those of its rooms it is not joined to. */
    record Rooms() implements ClientFrame {
        public String type() {
            return "rooms";
        }
    }

    record Ping() implements ClientFrame {
        public String type() {
            return "ping";
        }
    }
}
