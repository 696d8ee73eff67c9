package dev.parley.protocol;

import dev.parley.domain.ChatMessage;
import dev.parley.domain.PresentUser;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.stream.JsonGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A frame the server sends. Each one writes its own fields (the larger ones through {@link SessionFields} and
 * {@link RoomStateFields}); {@link FrameEncoder} writes the object around them.
 */
public sealed interface ServerFrame {

    /** The frame's type as written on the wire. */
    String type();

    /** Writes every field but {@code type} into the open object. */
    void writeFields(JsonGenerator json);

    /**
     * @param user   the name the container authenticated, bound to the connection; null when there is none
     * @param signIn how to sign in, or null when no {@code auth} frame is needed (open mode)
     */
    record Welcome(String session, UserName user, ClientLimits limits, SignIn signIn) implements ServerFrame {
        public String type() {
            return "welcome";
        }

        public void writeFields(JsonGenerator json) {
            SessionFields.welcome(json, this);
        }
    }

    /**
     * The answer to a good {@code auth}: who the connection is, until when, and the rooms the token grants.
     *
     * @param grants room to role, from the token's {@code rooms} claim
     */
    record Authenticated(UserName user, Instant expires, Map<RoomId, Role> grants) implements ServerFrame {
        public String type() {
            return "authenticated";
        }

        public void writeFields(JsonGenerator json) {
            SessionFields.authenticated(json, this);
        }
    }

    /**
     * @param users     the users in the room, one per subject, sorted by name then subject; {@code members} lists
     *                  their distinct names
     * @param seq       the room's latest seq, 0 if it has none
     * @param history   oldest first
     * @param recovered whether {@code history} holds every message after the client's {@code since}
     * @param role      the user's role in the room, or null for none
     * @param rev       the room's change counter at the cut
     * @param changes   for a recovery with {@code rev}: the messages up to {@code since} changed after it, or null
     * @param read      the user's read marker in the room
     * @param unread    the messages after the marker up to {@code seq}, not the user's own, not deleted
     */
    record Joined(RoomId room, UserName user, List<PresentUser> users, long seq, String epoch,
                  List<ChatMessage> history, boolean recovered, Role role, long rev, List<ChatMessage> changes,
                  long read, long unread) implements ServerFrame {
        /** A joined frame of a user without a role in the room, who has read it all. */
        public Joined(RoomId room, UserName user, List<PresentUser> users, long seq, String epoch,
                      List<ChatMessage> history, boolean recovered) {
            this(room, user, users, seq, epoch, history, recovered, null, 0, null, seq, 0);
        }

        public String type() {
            return "joined";
        }

        public void writeFields(JsonGenerator json) {
            RoomStateFields.joined(json, this);
        }
    }

    /** @param reason why someone else took the connection out, or null when it left by itself */
    record Left(RoomId room, Removal reason) implements ServerFrame {
        public Left(RoomId room) {
            this(room, null);
        }

        public String type() {
            return "left";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value());
            if (reason != null) {
                json.write("reason", reason.wire());
            }
        }
    }

    /** The answer to {@code direct}: the room of the conversation with {@code user}, to join. */
    record Direct(String user, RoomId room) implements ServerFrame {
        public String type() {
            return "direct";
        }

        public void writeFields(JsonGenerator json) {
            json.write("user", user).write("room", room.value());
        }
    }

    /** The answer to {@code kick}, {@code ban} or {@code unban}: done. */
    record Moderated(String action, RoomId room, String user) implements ServerFrame {
        public String type() {
            return "moderated";
        }

        public void writeFields(JsonGenerator json) {
            json.write("action", action).write("room", room.value()).write("user", user);
        }
    }

    record Message(ChatMessage message) implements ServerFrame {
        public String type() {
            return "message";
        }

        public void writeFields(JsonGenerator json) {
            JsonFields.writeMessageFields(json, message);
        }
    }

    /** @param id the client's id for the message, or null */
    record Ack(String id, RoomId room, long seq, Instant ts) implements ServerFrame {
        /** The ack of a recorded message. */
        public static Ack of(ChatMessage message) {
            return new Ack(message.clientId(), message.room(), message.seq(), message.ts());
        }

        public String type() {
            return "ack";
        }

        public void writeFields(JsonGenerator json) {
            JsonFields.writeIfPresent(json, "id", id);
            json.write("room", room.value()).write("seq", seq).write("ts", JsonFields.timestamp(ts));
        }
    }

    record Edited(RoomId room, long seq, long rev, String text, Instant editedAt) implements ServerFrame {
        public String type() {
            return "edited";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("seq", seq).write("rev", rev).write("text", text)
                    .write("editedAt", JsonFields.timestamp(editedAt));
        }
    }

    record Deleted(RoomId room, long seq, long rev) implements ServerFrame {
        public String type() {
            return "deleted";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("seq", seq).write("rev", rev);
        }
    }

    record Reaction(RoomId room, long seq, long rev, String emoji, UserName user, String sub, boolean on)
            implements ServerFrame {
        public String type() {
            return "reaction";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("seq", seq).write("rev", rev).write("emoji", emoji)
                    .write("user", user.value()).write("sub", sub).write("on", on);
        }
    }

    /**
     * A user's first connection arrived in the room, or its last left.
     *
     * @param members the count of users (distinct subjects) in the room after the event
     */
    record Presence(RoomId room, PresenceEvent event, UserName user, String sub, int members) implements ServerFrame {
        public String type() {
            return "presence";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("event", event.wire()).write("user", user.value())
                    .write("sub", sub).write("members", members);
        }
    }

    record Typing(RoomId room, UserName user, String sub) implements ServerFrame {
        public String type() {
            return "typing";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("user", user.value()).write("sub", sub);
        }
    }

    /** @param messages oldest first */
    record History(RoomId room, List<ChatMessage> messages) implements ServerFrame {
        public String type() {
            return "history";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value());
            JsonFields.writeMessages(json, "messages", messages);
        }
    }

    /** @param messages the matches, newest first */
    record Search(RoomId room, String query, List<ChatMessage> messages) implements ServerFrame {
        public String type() {
            return "search";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("q", query);
            JsonFields.writeMessages(json, "messages", messages);
        }
    }

    /** The user's read marker moved (on another of its connections): {@code unread} is the count at it. */
    record Read(RoomId room, long seq, long unread) implements ServerFrame {
        public String type() {
            return "read";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("seq", seq).write("unread", unread);
        }
    }

    /** The answer to {@code rooms}: the user's rooms, newest activity first. */
    record Rooms(List<RoomEntry> rooms) implements ServerFrame {
        public String type() {
            return "rooms";
        }

        public void writeFields(JsonGenerator json) {
            RoomStateFields.rooms(json, rooms);
        }
    }

    /** Another user's message arrived in a room the connection watches (it asked {@code rooms}) but is not in. */
    record Activity(RoomId room, long seq) implements ServerFrame {
        public String type() {
            return "activity";
        }

        public void writeFields(JsonGenerator json) {
            json.write("room", room.value()).write("seq", seq);
        }
    }

    record Pong() implements ServerFrame {
        public String type() {
            return "pong";
        }

        public void writeFields(JsonGenerator json) {
            // a pong has no fields
        }
    }

    /** @param ref the client id or frame type the error refers to, or null */
    record Error(ErrorCode code, String message, String ref) implements ServerFrame {
        public String type() {
            return "error";
        }

        public void writeFields(JsonGenerator json) {
            json.write("code", code.wire()).write("message", message);
            JsonFields.writeIfPresent(json, "ref", ref);
        }
    }
}
