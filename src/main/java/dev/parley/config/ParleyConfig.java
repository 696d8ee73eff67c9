package dev.parley.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every limit and default in one place. Each setting {@code name} is read from the system property
 * {@code parley.name}, else the environment variable {@code PARLEY_NAME} (upper snake case), else its default.
 * The README's configuration table lists them all; keep it in step.
 *
 * @param maxTextChars          longest message text, in UTF-16 units (as JavaScript counts)
 * @param maxFrameBytes         largest incoming text message; a larger one closes the connection with 1009
 * @param messagesPerSecond     sustained message rate per connection (token bucket refill)
 * @param messageBurst          message burst per connection (token bucket size); twice the rate unless set
 * @param historySize           messages each room keeps for history and recovery
 * @param maxRoomsPerConnection rooms one connection may be in at once
 * @param outboxFrames          frames queued for one connection before it is cut off with 1013
 * @param outboxBytes           characters queued for one connection before it is cut off with 1013
 * @param apiToken              the bearer token of the HTTP API; unset disables the API
 */
public record ParleyConfig(int maxTextChars, int maxFrameBytes, int messagesPerSecond, int messageBurst,
                           int historySize, int maxRoomsPerConnection, int outboxFrames, int outboxBytes,
                           Secret apiToken) {

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
     * @throws IllegalArgumentException naming the setting whose value is not a number in its range
     */
    public static ParleyConfig load(Map<String, String> environment, Map<String, String> properties) {
        Source source = new Source(environment, properties);
        int messagesPerSecond = source.integer("messagesPerSecond", 20, 1, 1_000_000);
        return new ParleyConfig(
                source.integer("maxTextChars", 4000, 1, 1 << 20),
                source.integer("maxFrameBytes", 65536, 1024, 64 << 20),
                messagesPerSecond,
                source.integer("messageBurst", 2 * messagesPerSecond, 1, 2_000_000),
                source.integer("historySize", 500, 1, 1_000_000),
                source.integer("maxRoomsPerConnection", 50, 1, 100_000),
                source.integer("outboxFrames", 1024, 1, 1_000_000),
                source.integer("outboxBytes", 4 << 20, 1024, Integer.MAX_VALUE),
                new Secret(source.string("apiToken")));
    }

    /** {@code maxTextChars} becomes {@code PARLEY_MAX_TEXT_CHARS}. */
    static String environmentName(String setting) {
        return "PARLEY_" + setting.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private record Source(Map<String, String> environment, Map<String, String> properties) {

        /** The trimmed value, or null when the setting is absent or blank. */
        String string(String setting) {
            String raw = properties.getOrDefault("parley." + setting, environment.get(environmentName(setting)));
            return raw == null || raw.isBlank() ? null : raw.trim();
        }

        int integer(String setting, int defaultValue, int min, int max) {
            String property = "parley." + setting;
            String variable = environmentName(setting);
            String raw = properties.get(property);
            String origin = property;
            if (raw == null) {
                raw = environment.get(variable);
                origin = variable;
            }
            if (raw == null || raw.isBlank()) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the setting's name and range
            }
            throw new IllegalArgumentException(
                    origin + " must be a whole number from " + min + " to " + max + ", not '" + raw + "'");
        }
    }
}
