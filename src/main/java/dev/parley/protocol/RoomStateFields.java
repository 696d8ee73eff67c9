package dev.parley.protocol;

import dev.parley.domain.PresentUser;
import jakarta.json.stream.JsonGenerator;
import java.util.List;

/**
 * Writes the fields of the frames that tell a user where it stands in its rooms: {@code joined} (one room: who is in
 * it, its history and the user's marker) and {@code rooms} (every room of the user's, with its marker).
 */
final class RoomStateFields {

    private RoomStateFields() {
    }

    /**
     * The room and user; {@code members}, the users' distinct names, sorted; {@code users}, one object per subject,
     * sorted; the cut's seq, epoch and rev; the history; {@code changes} and {@code role} only when present; the
     * marker and the unread count.
     */
    static void joined(JsonGenerator json, ServerFrame.Joined joined) {
        List<PresentUser> users = joined.users();
        json.write("room", joined.room().value()).write("user", joined.user().value());
        json.writeStartArray("members");
        users.stream().map(PresentUser::name).distinct().sorted().forEach(name -> json.write(name.value()));
        json.writeEnd();
        json.writeStartArray("users");
        users.stream().sorted().forEach(present -> json.writeStartObject()
                .write("user", present.name().value()).write("sub", present.subject()).writeEnd());
        json.writeEnd();
        json.write("seq", joined.seq()).write("epoch", joined.epoch()).write("rev", joined.rev());
        JsonFields.writeMessages(json, "history", joined.history());
        json.write("recovered", joined.recovered());
        if (joined.changes() != null) {
            JsonFields.writeMessages(json, "changes", joined.changes());
        }
        if (joined.role() != null) {
            json.write("role", joined.role().wire());
        }
        json.write("read", joined.read()).write("unread", joined.unread());
    }

    /** A {@code rooms} array of room objects in the given order, each with its {@code last} message when it has one. */
    static void rooms(JsonGenerator json, List<RoomEntry> rooms) {
        json.writeStartArray("rooms");
        for (RoomEntry entry : rooms) {
            json.writeStartObject().write("room", entry.room().value()).write("seq", entry.seq())
                    .write("read", entry.read()).write("unread", entry.unread());
            if (entry.last() != null) {
                json.writeStartObject("last").write("type", "message");
                JsonFields.writeMessageFields(json, entry.last());
                json.writeEnd();
            }
            json.writeEnd();
        }
        json.writeEnd();
    }
}
