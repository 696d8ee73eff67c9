package dev.parley.broker.redis;

import dev.parley.broker.RoomEvent;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Reactions;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the scripts write: messages as {@code {"seq","id","user","text","ts","origin"}} and {@code "sub"} when the
 * author's subject differs from its name (ts in milliseconds, absent values as empty strings), and once changed
 * ({@code change.lua}) {@code "rev"}, {@code "editedAt"} (ms), {@code "deleted": true} and {@code "reactions"}
 * ({@code [[emoji, [subject...]]...]}, in order); and the events published on a room's channel, each a JSON object
 * with a type {@code t}: {@code message} (with {@code epoch} and the message {@code m}), {@code changed} (with the
 * {@code kind}, {@code edit}, {@code delete} or {@code react}, {@code seq}, {@code rev}, the message after it
 * {@code m}, and for a reaction {@code emoji}, {@code name}, {@code sub} and {@code on}), {@code read} (a user's
 * marker: {@code sub}, {@code seq}, {@code unread}, {@code origin}), {@code presence} and {@code typing} (with the
 * user's {@code name} and {@code sub}) or {@code removed} (with the {@code subject}, empty for every user, and the
 * {@code removal}, {@code kicked}, {@code banned} or {@code revoked}).
 */
final class RedisEvents {

    /** Looking the JSON-P provider up is a service-loader scan: once, not per event. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());

    private RedisEvents() {
    }

    /** A message read from the stream or an event, with the connection that posted it (or null). */
    record Entry(ChatMessage message, String origin) {
    }

    static Entry message(RoomId room, String json) {
        return message(room, parse(json));
    }

    /** @return null for a payload of an unknown type (written by a newer node): it is skipped */
    static RoomEvent event(RoomId room, String payload) {
        JsonObject json = parse(payload);
        switch (json.getString("t", "")) {
            case "message": {
                Entry entry = message(room, json.getJsonObject("m"));
                return new RoomEvent.Published(entry.message(), json.getString("epoch"), entry.origin());
            }
            case "changed":
                return changed(room, json);
            case "read":
                return new RoomEvent.Read(room, json.getString("sub"), json.getJsonNumber("seq").longValueExact(),
                        json.getJsonNumber("unread").longValueExact(), blankToNull(json.getString("origin", "")));
            case "presence":
                return new RoomEvent.PresenceChanged(room, json.getBoolean("arrived"),
                        new UserName(json.getString("name")), json.getString("sub"), json.getInt("members"),
                        json.getJsonNumber("version").longValueExact(), json.getString("origin"));
            case "typing":
                return new RoomEvent.Typing(room, new UserName(json.getString("name")), json.getString("sub"));
            case "removed":
                return new RoomEvent.Removed(room, blankToNull(json.getString("subject")),
                        Removal.valueOf(json.getString("removal").toUpperCase(java.util.Locale.ROOT)));
            default:
                return null;
        }
    }

    /** The payload of a typing event. */
    static String typing(UserName name, String subject) {
        return JSON.createObjectBuilder().add("t", "typing").add("name", name.value()).add("sub", subject).build()
                .toString();
    }

    /** The payload of a read event: the subject's marker moved. */
    static String read(String subject, long seq, long unread, String origin) {
        return JSON.createObjectBuilder().add("t", "read").add("sub", subject).add("seq", seq).add("unread", unread)
                .add("origin", origin == null ? "" : origin).build().toString();
    }

    /**
     * A message as {@code publish.lua} writes it to the stream, without an origin, with its state as
     * {@code change.lua} writes it (seeded from the archive, or the base of a change of a message Redis no longer
     * holds).
     */
    static String stored(ChatMessage message) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("seq", message.seq())
                .add("id", message.clientId() == null ? "" : message.clientId()).add("user", message.user().value())
                .add("text", message.text()).add("ts", Long.toString(message.ts().toEpochMilli())).add("origin", "");
        if (message.subject() != null) {
            json.add("sub", message.subject());
        }
        if (message.rev() > 0) {
            json.add("rev", message.rev());
        }
        if (message.editedAt() != null) {
            json.add("editedAt", Long.toString(message.editedAt().toEpochMilli()));
        }
        if (message.deleted()) {
            json.add("deleted", true);
        }
        if (!message.reactions().isEmpty()) {
            JsonArrayBuilder reactions = JSON.createArrayBuilder();
            message.reactions().asMap().forEach((emoji, subjects) -> reactions.add(JSON.createArrayBuilder()
                    .add(emoji).add(JSON.createArrayBuilder(subjects))));
            json.add("reactions", reactions);
        }
        return json.build().toString();
    }

    private static RoomEvent.Changed changed(RoomId room, JsonObject json) {
        ChatMessage message = message(room, json.getJsonObject("m")).message();
        long seq = json.getJsonNumber("seq").longValueExact();
        String subject = blankToNull(json.getString("sub", ""));
        MessageChange change = switch (json.getString("kind")) {
            case "edit" -> new MessageChange.Edit(room, seq, subject, message.text());
            case "delete" -> new MessageChange.Delete(room, seq);
            default -> new MessageChange.React(room, seq, subject, new UserName(json.getString("name")),
                    json.getString("emoji"));
        };
        return new RoomEvent.Changed(new Changed(change, json.getJsonNumber("rev").longValueExact(), message,
                json.getBoolean("on", false), false));
    }

    private static Entry message(RoomId room, JsonObject json) {
        ChatMessage message = new ChatMessage(room, json.getJsonNumber("seq").longValueExact(),
                blankToNull(json.getString("id", "")), new UserName(json.getString("user")), json.getString("text"),
                Instant.ofEpochMilli(Long.parseLong(json.getString("ts"))), json.getString("sub", null),
                json.containsKey("editedAt") ? Instant.ofEpochMilli(Long.parseLong(json.getString("editedAt"))) : null,
                json.getBoolean("deleted", false), reactions(json.getJsonArray("reactions")),
                json.containsKey("rev") ? json.getJsonNumber("rev").longValueExact() : 0);
        return new Entry(message, blankToNull(json.getString("origin", "")));
    }

    /** {@code [[emoji, [subject...]]...]} in order; null (absent) is none. */
    private static Reactions reactions(JsonArray array) {
        if (array == null) {
            return Reactions.NONE;
        }
        Map<String, List<String>> reactions = new LinkedHashMap<>();
        for (JsonArray pair : array.getValuesAs(JsonArray.class)) {
            reactions.put(pair.getString(0), pair.getJsonArray(1).getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList());
        }
        return Reactions.of(reactions);
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
