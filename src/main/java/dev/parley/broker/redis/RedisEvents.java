package dev.parley.broker.redis;

import dev.parley.broker.RoomEvent;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.Removal;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;

/**
 * Reads what the scripts write: messages as {@code {"seq","id","user","text","ts","origin"}} and {@code "sub"} when the
 * author's subject differs from its name (ts in milliseconds, absent values as empty strings), and the events
 * published on a room's channel, each a JSON object with a type {@code t}: {@code message} (with {@code epoch} and the
 * message {@code m}), {@code presence} and {@code typing} (with the user's {@code name} and {@code sub}) or
 * {@code removed} (with the {@code subject}, empty for every user, and the {@code removal}, {@code kicked},
 * {@code banned} or {@code revoked}).
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

    private static Entry message(RoomId room, JsonObject json) {
        ChatMessage message = new ChatMessage(room, json.getJsonNumber("seq").longValueExact(),
                blankToNull(json.getString("id", "")), new UserName(json.getString("user")), json.getString("text"),
                Instant.ofEpochMilli(Long.parseLong(json.getString("ts"))), json.getString("sub", null));
        return new Entry(message, blankToNull(json.getString("origin", "")));
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
