package dev.parley.config;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Every limit and default in one place. Each setting {@code name} is read from the system property
 * {@code parley.name}, else the environment variable {@code PARLEY_NAME} (upper snake case), else its default.
 * The README's configuration table lists them all, docs/operations.md explains them; keep both in step.
 *
 * @param maxTextChars          longest message text, in UTF-16 units (as JavaScript counts)
 * @param maxFrameBytes         largest incoming text message; a larger one closes the connection with 1009
 * @param messagesPerSecond     sustained message rate per connection (token bucket refill)
 * @param messageBurst          message burst per connection (token bucket size); twice the rate unless set
 * @param framesPerSecond       sustained rate of frames of any type per connection; the burst is twice that
 * @param maxRateLimitErrors    rate_limited errors a connection may collect (one is forgiven per second) before it is
 *                              closed with 1008
 * @param historySize           messages each room keeps for history and recovery
 * @param maxRoomsPerConnection rooms one connection may be in at once
 * @param maxRooms              rooms in memory at once; joining a new room beyond it is refused
 * @param emptyRoomSeconds      how long a room without members keeps its history before it is freed
 * @param dedupeSeconds         how long a room remembers a user's message id, answering a resend with the original ack
 * @param dedupeEntries         message ids a room remembers at most (the oldest are forgotten first)
 * @param outboxFrames          frames queued for one connection before it is cut off with 1013
 * @param outboxBytes           characters queued for one connection before it is cut off with 1013
 * @param sendTimeoutMillis     how long one send to a connection may take before it is cut off with 1013
 * @param pingIntervalMillis    a connection not heard from for this long gets a WebSocket ping
 * @param idleTimeoutMillis     a connection not heard from for this long (no frame, no pong) is closed with 1001
 * @param writeDelayMillis      how long a {@code parley.batch} connection's first queued frame waits for others to
 *                              share its message; 0 sends at once
 * @param allowedOrigins        origins allowed besides the request's own host (e.g. {@code https://chat.example.com})
 * @param allowMissingOrigin    whether a handshake without an Origin header (not a browser) is accepted
 * @param permessageDeflate     whether the permessage-deflate extension may be negotiated
 * @param apiToken              the bearer token of the HTTP API; unset disables the API
 * @param redisUri              the Redis of a cluster ({@code redis://host:port}); unset, the node runs in memory alone
 * @param redisTimeoutMillis    how long a Redis command may take before it fails as unavailable
 * @param nodeLeaseSeconds      a node that has not renewed its lease for this long is taken for dead: its members leave
 * @param archive               where every message is kept ({@link ArchiveConfig})
 * @param auth                  how connections prove who they are ({@link AuthConfig}: open, or signed tokens)
 */
public record ParleyConfig(int maxTextChars, int maxFrameBytes, int messagesPerSecond, int messageBurst,
                           int framesPerSecond, int maxRateLimitErrors, int historySize, int maxRoomsPerConnection,
                           int maxRooms, int emptyRoomSeconds, int dedupeSeconds, int dedupeEntries,
                           int outboxFrames, int outboxBytes,
                           int sendTimeoutMillis, int pingIntervalMillis, int idleTimeoutMillis,
                           int writeDelayMillis, List<String> allowedOrigins, boolean allowMissingOrigin,
                           boolean permessageDeflate, Secret apiToken, Secret redisUri, int redisTimeoutMillis,
                           int nodeLeaseSeconds, ArchiveConfig archive, AuthConfig auth) {

    public ParleyConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(auth, "auth");
        if (idleTimeoutMillis <= pingIntervalMillis) {
            throw new IllegalArgumentException("parley.idleTimeoutMillis (" + idleTimeoutMillis
                    + ") must be longer than parley.pingIntervalMillis (" + pingIntervalMillis + ")");
        }
    }

    /** The defaults, ignoring the environment. */
    public static ParleyConfig defaults() {
        return load(Map.of(), Map.of());
    }

    /** This JVM's system properties over its environment over the defaults. */
    public static ParleyConfig fromEnvironment() {
        return load(System.getenv(), toMap(System.getProperties()));
    }

    /**
     * @param environment variables such as {@code PARLEY_MAX_TEXT_CHARS}
     * @param properties  properties such as {@code parley.maxTextChars}; they win over the environment
     * @throws IllegalArgumentException naming the setting whose value is not valid
     */
    public static ParleyConfig load(Map<String, String> environment, Map<String, String> properties) {
        Source source = new Source(environment, properties);
        int messagesPerSecond = source.integer("messagesPerSecond", 20, 1, 1_000_000);
        return new ParleyConfig(
                source.integer("maxTextChars", 4000, 1, 1 << 20),
                source.integer("maxFrameBytes", 65536, 1024, 64 << 20),
                messagesPerSecond,
                source.integer("messageBurst", 2 * messagesPerSecond, 1, 2_000_000),
                source.integer("framesPerSecond", Math.max(50, messagesPerSecond), 1, 1_000_000),
                source.integer("maxRateLimitErrors", 50, 1, 1_000_000),
                source.integer("historySize", 500, 1, 1_000_000),
                source.integer("maxRoomsPerConnection", 50, 1, 100_000),
                source.integer("maxRooms", 10_000, 1, 10_000_000),
                source.integer("emptyRoomSeconds", 3600, 0, 365 * 24 * 3600),
                source.integer("dedupeSeconds", 300, 0, 24 * 3600),
                source.integer("dedupeEntries", 1000, 1, 1_000_000),
                source.integer("outboxFrames", 1024, 1, 1_000_000),
                source.integer("outboxBytes", 4 << 20, 1024, Integer.MAX_VALUE),
                source.integer("sendTimeoutMillis", 30_000, 100, 3_600_000),
                source.integer("pingIntervalMillis", 25_000, 100, 3_600_000),
                source.integer("idleTimeoutMillis", 60_000, 200, 24 * 3_600_000),
                source.integer("writeDelayMillis", 0, 0, 1000),
                source.list("allowedOrigins"),
                source.bool("allowMissingOrigin", false),
                source.bool("permessageDeflate", false),
                new Secret(source.string("apiToken")),
                new Secret(source.string("redisUri")),
                source.integer("redisTimeoutMillis", 2000, 10, 600_000),
                source.integer("nodeLeaseSeconds", 15, 2, 3600),
                ArchiveConfig.load(source),
                AuthConfig.load(source));
    }

    /** The same settings with another archive (tests give each server its own data directory). */
    public ParleyConfig withArchive(ArchiveConfig other) {
        return new ParleyConfig(maxTextChars, maxFrameBytes, messagesPerSecond, messageBurst, framesPerSecond,
                maxRateLimitErrors, historySize, maxRoomsPerConnection, maxRooms, emptyRoomSeconds, dedupeSeconds,
                dedupeEntries, outboxFrames, outboxBytes, sendTimeoutMillis, pingIntervalMillis, idleTimeoutMillis,
                writeDelayMillis, allowedOrigins, allowMissingOrigin, permessageDeflate, apiToken, redisUri,
                redisTimeoutMillis, nodeLeaseSeconds, other, auth);
    }

    /** {@code maxTextChars} becomes {@code PARLEY_MAX_TEXT_CHARS}. */
    public static String environmentName(String setting) {
        return "PARLEY_" + setting.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    /** Where settings are read from; other config records of this package ({@code load(Source)}) read through it too. */
    record Source(Map<String, String> environment, Map<String, String> properties) {

        int integer(String setting, int defaultValue, int min, int max) {
            Raw raw = raw(setting);
            if (raw == null) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(raw.value());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the setting's name and range
            }
            throw raw.invalid("a whole number from " + min + " to " + max);
        }

        boolean bool(String setting, boolean defaultValue) {
            Raw raw = raw(setting);
            if (raw == null) {
                return defaultValue;
            }
            return switch (raw.value().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw raw.invalid("true or false");
            };
        }

        /** The trimmed value, or null when the setting is absent or blank. */
        String string(String setting) {
            Raw raw = raw(setting);
            return raw == null ? null : raw.value();
        }

        /** A comma-separated list; blank entries are dropped. */
        List<String> list(String setting) {
            Raw raw = raw(setting);
            if (raw == null) {
                return List.of();
            }
            return Arrays.stream(raw.value().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        /** The trimmed value and where it came from, or null when neither source sets it (or it is blank). */
        private Raw raw(String setting) {
            String property = "parley." + setting;
            String value = properties.get(property);
            String origin = property;
            if (value == null) {
                origin = environmentName(setting);
                value = environment.get(origin);
            }
            return value == null || value.isBlank() ? null : new Raw(origin, value.trim());
        }
    }

    record Raw(String origin, String value) {
        IllegalArgumentException invalid(String expected) {
            return new IllegalArgumentException(origin + " must be " + expected + ", not '" + value + "'");
        }
    }
}
