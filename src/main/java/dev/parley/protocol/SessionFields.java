package dev.parley.protocol;

import dev.parley.domain.RoomId;
import dev.parley.domain.Role;
import jakarta.json.stream.JsonGenerator;
import java.util.TreeMap;

/** Writes the fields of the frames that tell a connection about its session: {@code welcome}, {@code authenticated}. */
final class SessionFields {

    private SessionFields() {
    }

    /** The session id, the bound user if any, the limits, and how to sign in when a token is needed. */
    static void welcome(JsonGenerator json, ServerFrame.Welcome welcome) {
        json.write("session", welcome.session());
        if (welcome.user() != null) {
            json.write("user", welcome.user().value());
        }
        ClientLimits limits = welcome.limits();
        json.writeStartObject("limits")
                .write("maxTextChars", limits.maxTextChars())
                .write("maxFrameBytes", limits.maxFrameBytes())
                .write("messagesPerSecond", limits.messagesPerSecond())
                .writeEnd();
        if (welcome.signIn() != null) {
            json.write("auth", "jwt");
            JsonFields.writeIfPresent(json, "tokenUrl", welcome.signIn().tokenUrl());
        }
    }

    /** The user, the token's expiry, and the granted rooms as an object of room to role, by room name. */
    static void authenticated(JsonGenerator json, ServerFrame.Authenticated authenticated) {
        json.write("user", authenticated.user().value())
                .write("expires", JsonFields.timestamp(authenticated.expires()));
        json.writeStartObject("rooms");
        new TreeMap<RoomId, Role>(authenticated.grants())
                .forEach((room, role) -> json.write(room.value(), role.wire()));
        json.writeEnd();
    }
}
