package dev.parley.api;

import dev.parley.application.ChatService;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Identity;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.domain.RoomSummary;
import dev.parley.domain.UserName;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameDecoder;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.JsonInput;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * {@code /api/rooms}: lists rooms, publishes into a room, reads a room's history; sets a room's access, its members'
 * roles and its bans (docs/operations.md, "Room access"). Bodies are JSON text written with
 * JSON-P (the same frames the WebSocket protocol uses where they fit), so no server's JSON binding is involved.
 */
@Path("rooms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {

    @Inject
    ChatService chat;

    @Inject
    ParleyConfig config;

    private static final JsonInput JSON = new JsonInput();

    private final FrameEncoder encoder = new FrameEncoder();

    /** {@code {"rooms": [{"room", "members", "seq"}, ...]}}, sorted by name. */
    @GET
    public String rooms() {
        JsonArrayBuilder rooms = Json.createArrayBuilder();
        for (RoomSummary room : chat.rooms()) {
            rooms.add(Json.createObjectBuilder()
                    .add("room", room.room().value()).add("members", room.members()).add("seq", room.seq()));
        }
        return Json.createObjectBuilder().add("rooms", rooms).build().toString();
    }

    /**
     * Publishes {@code {"text", "user", "id"}} into the room as a chat message: 202 with {@code {"type": "ack", "id",
     * "room", "seq", "ts"}}. A user's {@code id} seen within {@code dedupeSeconds} answers the original ack and
     * publishes nothing, so a publisher may retry a request whose answer it did not get.
     */
    @POST
    @Path("{room}/messages")
    public Response publish(@PathParam("room") String room, InputStream body) {
        RoomId roomId = roomId(room);
        JsonInput.Fields request = readObject(body, config.maxFrameBytes());
        UserName user = valid(UserName::new, read(() -> request.requiredString("user")));
        String text = read(() -> request.requiredText("text"));
        String id = read(() -> request.token("id"));
        ChatMessage message = chat.publish(roomId, user, text, id).message();
        return Response.accepted(encoder.encode(ServerFrame.Ack.of(message)))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Like the WebSocket {@code history} frame: {@code {"type": "history", "room", "messages": [...]}}; with {@code q},
     * like the {@code search} frame: {@code {"type": "search", "room", "q", "messages": [...]}}, newest first.
     */
    @GET
    @Path("{room}/messages")
    public String history(@PathParam("room") String room, @QueryParam("before") String before,
                          @QueryParam("limit") String limit, @QueryParam("q") String query) {
        RoomId roomId = roomId(room);
        Long beforeSeq = before == null ? null : number("before", before, 0, Long.MAX_VALUE);
        int count = limit == null ? FrameDecoder.DEFAULT_HISTORY_LIMIT
                : (int) number("limit", limit, 1, FrameDecoder.MAX_HISTORY_LIMIT);
        if (query != null) {
            if (query.isBlank() || query.length() > FrameDecoder.MAX_QUERY_LENGTH) {
                throw ApiError.badRequest("q must be 1-" + FrameDecoder.MAX_QUERY_LENGTH + " characters, not blank");
            }
            return encoder.encode(new ServerFrame.Search(roomId, query, chat.search(roomId, query, beforeSeq,
                    count)));
        }
        List<ChatMessage> messages = chat.history(roomId, beforeSeq, count);
        return encoder.encode(new ServerFrame.History(roomId, messages));
    }

    /**
     * Deletes the message {@code seq}, whoever wrote it: its text is erased and every connection of the room is told
     * {@code deleted}. 204, also when it was deleted before; 404 when the room has no such message.
     */
    @DELETE
    @Path("{room}/messages/{seq}")
    public Response deleteMessage(@PathParam("room") String room, @PathParam("seq") String seq) {
        return found(chat.access().deleteMessage(roomId(room), number("seq", seq, 1, Long.MAX_VALUE)),
                "room '" + room + "' has no message " + seq);
    }

    /** {@code {"room", "access", "members": {user: role}, "bans": [user...]}}: the room's rules. */
    @GET
    @Path("{room}/access")
    public String access(@PathParam("room") String room) {
        RoomId roomId = roomId(room);
        return rules(roomId, chat.access().rules(roomId)).build().toString();
    }

    /** Makes the room {@code {"access": "private"}} or {@code "public"}; answers its rules. */
    @PUT
    @Path("{room}")
    public String setAccess(@PathParam("room") String room, InputStream body) {
        RoomId roomId = roomId(room);
        RoomAccess access = valid(RoomAccess::fromWire,
                read(() -> readObject(body, config.maxFrameBytes()).requiredString("access")));
        chat.access().setAccess(roomId, access);
        return access(room);
    }

    /** Gives the user ({@code sub}) the role {@code {"role": "member" | "moderator" | "owner"}} in the room. */
    @PUT
    @Path("{room}/members/{user}")
    public String setMember(@PathParam("room") String room, @PathParam("user") String user, InputStream body) {
        RoomId roomId = roomId(room);
        String subject = subject(user);
        Role role = valid(Role::fromWire, read(() -> readObject(body, config.maxFrameBytes()).requiredString("role")));
        chat.access().setMember(roomId, subject, role);
        return access(room);
    }

    /** Takes the user's membership away: 204, or 404 when it had none. */
    @DELETE
    @Path("{room}/members/{user}")
    public Response removeMember(@PathParam("room") String room, @PathParam("user") String user) {
        return found(chat.access().setMember(roomId(room), subject(user), null),
                "user '" + user + "' is not a member of room '" + room + "'");
    }

    /** Bans the user from the room: its connections there leave it at once. */
    @PUT
    @Path("{room}/bans/{user}")
    public String ban(@PathParam("room") String room, @PathParam("user") String user) {
        chat.access().setBanned(roomId(room), subject(user), true);
        return access(room);
    }

    /** Lifts the ban: 204, or 404 when the user was not banned. */
    @DELETE
    @Path("{room}/bans/{user}")
    public Response unban(@PathParam("room") String room, @PathParam("user") String user) {
        return found(chat.access().setBanned(roomId(room), subject(user), false),
                "user '" + user + "' is not banned from room '" + room + "'");
    }

    private static JsonObjectBuilder rules(RoomId room, RoomRules rules) {
        JsonObjectBuilder members = Json.createObjectBuilder();
        rules.members().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(member -> members.add(member.getKey(), member.getValue().wire()));
        JsonArrayBuilder bans = Json.createArrayBuilder();
        rules.banned().stream().sorted().forEach(bans::add);
        return Json.createObjectBuilder().add("room", room.value()).add("access", rules.access().wire())
                .add("members", members).add("bans", bans);
    }

    private static Response found(boolean found, String otherwise) {
        if (!found) {
            throw new ApiError(404, "not_found", otherwise);
        }
        return Response.noContent().build();
    }

    private static String subject(String user) {
        return valid(Identity::requireSubject, user);
    }

    private static RoomId roomId(String room) {
        return valid(RoomId::new, room);
    }

    /** A domain value from the client's text; its own rules decide, as for WebSocket frames. */
    private static <T> T valid(Function<String, T> type, String raw) {
        try {
            return type.apply(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static long number(String name, String raw, long min, long max) {
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below with the parameter's range
        }
        throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    /** The body as a JSON object, refusing more than {@code maxBytes} (the WebSocket frame limit) with 413. */
    static JsonInput.Fields readObject(InputStream body, int maxBytes) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > maxBytes) {
            throw new ApiError(413, ErrorCode.TOO_LARGE.wire(), "the body is larger than " + maxBytes + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return new JsonInput.Fields(text, read(() -> JSON.parseObject(text, "body")));
    }

    /** A field or body read by the protocol's rules; what they refuse is a 400 with their message. */
    private static <T> T read(JsonRead<T> read) {
        try {
            return read.get();
        } catch (FrameException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    @FunctionalInterface
    private interface JsonRead<T> {
        T get() throws FrameException;
    }
}
