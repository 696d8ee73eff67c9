package dev.parley.protocol;

import dev.parley.domain.Emoji;
import dev.parley.domain.Identity;
import dev.parley.domain.Role;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;

/**
 * Reads a client's text frame into a {@link ClientFrame}, checking every rule the protocol states for it. Stateless and
 * thread-safe: one serves every connection (its JSON parser factory is made once);
 * every rejection is a {@link FrameException} whose message a client can show.
 * <p>
 * Limits that an operator configures (text length, rate) are the application's to check, not the decoder's. It is not
 * registered with the container as a {@code Decoder}: containers differ in what they do with a decoder's exception,
 * so the endpoint calls it and answers refusals itself.
 */
public final class FrameDecoder {

    public static final int DEFAULT_HISTORY_LIMIT = 50;
    public static final int MAX_HISTORY_LIMIT = 200;
    /** Longest {@code q} of a search, in UTF-16 units. */
    public static final int MAX_QUERY_LENGTH = 200;
    public static final int MAX_ID_LENGTH = JsonInput.Fields.MAX_TOKEN_LENGTH;
    /** Deepest nesting of arrays and objects accepted in a frame; Parley's own frames need 1. */
    public static final int MAX_DEPTH = JsonInput.MAX_DEPTH;
    /** Client strings echoed in an error's ref are cut to this length. */
    private static final int MAX_REF_LENGTH = 64;

    private final JsonInput json = new JsonInput();

    public ClientFrame decode(String text) throws FrameException {
        Fields fields = new Fields(text, json.parseObject(text, "frame"));
        String type = fields.type();
        switch (type) {
            case "join":
                return join(fields);
            case "leave":
                return new ClientFrame.Leave(fields.room());
            case "message":
                return new ClientFrame.Message(fields.room(), fields.text(), fields.token("id"));
            case "edit":
                return new ClientFrame.Edit(fields.room(), fields.messageSeq(), fields.text());
            case "delete":
                return new ClientFrame.Delete(fields.room(), fields.messageSeq());
            case "react":
                return new ClientFrame.React(fields.room(), fields.messageSeq(), fields.emoji());
            case "typing":
                return new ClientFrame.Typing(fields.room());
            case "history":
                return new ClientFrame.History(fields.room(), fields.optionalSeq("before"), fields.limit());
            case "direct":
                return new ClientFrame.Direct(fields.subject());
            case "kick":
                return new ClientFrame.Moderate(ClientFrame.Action.KICK, fields.room(), fields.subject());
            case "ban":
                return new ClientFrame.Moderate(ClientFrame.Action.BAN, fields.room(), fields.subject());
            case "unban":
                return new ClientFrame.Moderate(ClientFrame.Action.UNBAN, fields.room(), fields.subject());
            case "role":
                return new ClientFrame.GiveRole(fields.room(), fields.subject(), fields.optionalRole());
            case "search":
                return new ClientFrame.Search(fields.room(), fields.query(), fields.optionalSeq("before"),
                        fields.limit());
            case "read":
                return new ClientFrame.Read(fields.room(), fields.messageSeq());
            case "rooms":
                return new ClientFrame.Rooms();
            case "ping":
                return new ClientFrame.Ping();
            case "auth":
                return new ClientFrame.Auth(fields.authToken());
            default:
                throw fields.invalid("unknown type '" + clip(type) + "'");
        }
    }

    private static ClientFrame.Join join(Fields fields) throws FrameException {
        Long since = fields.optionalSeq("since");
        Long rev = fields.optionalSeq("rev");
        if (rev != null && since == null) {
            throw fields.invalid("rev needs since: it is the last change seen up to that seq");
        }
        return new ClientFrame.Join(fields.room(), fields.optionalName(), since, fields.token("epoch"), rev);
    }

    /**
     * A client string cut to {@link #MAX_REF_LENGTH} for an error, made well-formed: an unpaired surrogate (sent as a
     * JSON escape, or left by the cut) becomes '?', as the UTF-8 encoder would make it.
     */
    private static String clip(String value) {
        String clipped = value.length() <= MAX_REF_LENGTH ? value : value.substring(0, MAX_REF_LENGTH);
        return new String(clipped.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** One frame's fields; errors refer to the frame's type, or to a message's client id. */
    private static final class Fields extends JsonInput.Fields {

        Fields(String text, JsonObject object) {
            super(text, object);
        }

        String type() throws FrameException {
            JsonValue type = object().get("type");
            if (type == null || type.getValueType() != JsonValue.ValueType.STRING) {
                throw invalid("type must be a string");
            }
            String wire = ((JsonString) type).getString();
            ref(clip(wire));
            if ("message".equals(wire) && object().get("id") instanceof JsonString id) {
                ref(clip(id.getString()));
            }
            return wire;
        }

        RoomId room() throws FrameException {
            String room = requiredString("room");
            try {
                return new RoomId(room);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        /** A user named by subject, in the field {@code user}. */
        String subject() throws FrameException {
            String user = requiredString("user");
            try {
                return Identity.requireSubject(user);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        /** {@code role}: member, moderator or owner; absent or null for none. */
        Role optionalRole() throws FrameException {
            String role = optionalString("role");
            try {
                return role == null ? null : Role.fromWire(role);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        UserName optionalName() throws FrameException {
            String name = optionalString("name");
            try {
                return name == null ? null : new UserName(name);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        /** Judged by the token verifier; here only whether there is one. Never echoed in an error. */
        String authToken() throws FrameException {
            String token = requiredString("token");
            if (token.isEmpty()) {
                throw invalid("token must not be empty");
            }
            return token;
        }

        String text() throws FrameException {
            String text = requiredString("text");
            if (text.isEmpty()) {
                throw invalid("text must not be empty");
            }
            return text;
        }

        String query() throws FrameException {
            String query = requiredString("q");
            if (query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
                throw invalid("q must be 1-" + MAX_QUERY_LENGTH + " characters, not blank");
            }
            return query;
        }

        Long optionalSeq(String name) throws FrameException {
            Long seq = optionalLong(name);
            if (seq != null && seq < 0) {
                throw invalid(name + " must not be negative");
            }
            return seq;
        }

        /** {@code seq} of a message: an integer from 1. */
        long messageSeq() throws FrameException {
            Long seq = optionalLong("seq");
            if (seq == null || seq < 1) {
                throw invalid(seq == null ? "seq is required" : "seq must be at least 1");
            }
            return seq;
        }

        String emoji() throws FrameException {
            try {
                return Emoji.require(requiredString("emoji"));
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }

        int limit() throws FrameException {
            Long limit = optionalLong("limit");
            if (limit == null) {
                return DEFAULT_HISTORY_LIMIT;
            }
            if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
                throw invalid("limit must be 1-" + MAX_HISTORY_LIMIT);
            }
            return limit.intValue();
        }
    }
}
