package dev.parley.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParleyConfigTest {

    /** Every setting: its name, its variable, its default, and a valid value other than the default. */
    private static final String SETTINGS = """
            maxTextChars,          PARLEY_MAX_TEXT_CHARS,           4000,    10
            maxFrameBytes,         PARLEY_MAX_FRAME_BYTES,          65536,   2048
            messagesPerSecond,     PARLEY_MESSAGES_PER_SECOND,      20,      30
            messageBurst,          PARLEY_MESSAGE_BURST,            40,      60
            framesPerSecond,       PARLEY_FRAMES_PER_SECOND,        50,      80
            maxRateLimitErrors,    PARLEY_MAX_RATE_LIMIT_ERRORS,    50,      5
            historySize,           PARLEY_HISTORY_SIZE,             500,     7
            maxRoomsPerConnection, PARLEY_MAX_ROOMS_PER_CONNECTION, 50,      3
            maxRooms,              PARLEY_MAX_ROOMS,                10000,   100
            emptyRoomSeconds,      PARLEY_EMPTY_ROOM_SECONDS,       3600,    0
            dedupeSeconds,         PARLEY_DEDUPE_SECONDS,           300,     0
            dedupeEntries,         PARLEY_DEDUPE_ENTRIES,           1000,    10
            outboxFrames,          PARLEY_OUTBOX_FRAMES,            1024,    16
            outboxBytes,           PARLEY_OUTBOX_BYTES,             4194304, 65536
            sendTimeoutMillis,     PARLEY_SEND_TIMEOUT_MILLIS,      30000,   500
            pingIntervalMillis,    PARLEY_PING_INTERVAL_MILLIS,     25000,   1000
            idleTimeoutMillis,     PARLEY_IDLE_TIMEOUT_MILLIS,      60000,   90000
            redisTimeoutMillis,    PARLEY_REDIS_TIMEOUT_MILLIS,     2000,    500
            nodeLeaseSeconds,      PARLEY_NODE_LEASE_SECONDS,       15,      5
            writeDelayMillis,      PARLEY_WRITE_DELAY_MILLIS,       0,       20
            """;

    /** The settings that are not numbers: their name, their variable, their default, and another valid value. */
    private static final String OTHER_SETTINGS = """
            allowedOrigins,     PARLEY_ALLOWED_ORIGINS,      [],    https://chat.example.com
            allowMissingOrigin, PARLEY_ALLOW_MISSING_ORIGIN, false, true
            permessageDeflate,  PARLEY_PERMESSAGE_DEFLATE,   false, true
            """;

    @ParameterizedTest
    @CsvSource(textBlock = OTHER_SETTINGS)
    void eachOtherSettingHasItsDefault(String setting, String variable, String defaultValue) {
        assertEquals(defaultValue, String.valueOf(component(ParleyConfig.defaults(), setting)));
    }

    @ParameterizedTest
    @CsvSource(textBlock = OTHER_SETTINGS)
    void eachOtherSettingIsReadFromItsVariableAndProperty(String setting, String variable, String defaultValue,
                                                         String other) {
        ParleyConfig fromVariable = ParleyConfig.load(Map.of(variable, other), Map.of());
        ParleyConfig fromProperty = ParleyConfig.load(Map.of(), Map.of("parley." + setting, other));

        assertEquals(ParleyConfig.environmentName(setting), variable);
        assertEquals(other, String.valueOf(component(fromVariable, setting)).replaceAll("^\\[|]$", ""));
        assertEquals(component(fromVariable, setting), component(fromProperty, setting));
    }

    @Test
    void allowedOriginsIsACommaSeparatedList() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_ALLOWED_ORIGINS",
                " https://a.example , http://b.example:8080,, "), Map.of());

        assertEquals(List.of("https://a.example", "http://b.example:8080"), config.allowedOrigins());
    }

    @ParameterizedTest
    @CsvSource({"PARLEY_ALLOW_MISSING_ORIGIN, yes", "PARLEY_PERMESSAGE_DEFLATE, 1", "PARLEY_ALLOW_MISSING_ORIGIN, on"})
    void refusesABooleanThatIsNotTrueOrFalse(String variable, String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of(variable, raw), Map.of()));

        assertTrue(e.getMessage().contains(variable) && e.getMessage().contains("true or false"), e.getMessage());
    }

    @Test
    void booleansIgnoreCase() {
        assertTrue(ParleyConfig.load(Map.of("PARLEY_PERMESSAGE_DEFLATE", "TRUE"), Map.of()).permessageDeflate());
    }

    @Test
    void refusesAnIdleTimeoutNotLongerThanThePingInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParleyConfig.load(
                Map.of("PARLEY_PING_INTERVAL_MILLIS", "5000", "PARLEY_IDLE_TIMEOUT_MILLIS", "5000"), Map.of()));

        assertTrue(e.getMessage().contains("idleTimeoutMillis"), e.getMessage());
    }

    @Test
    void theFrameRateIsAtLeastTheMessageRate() {
        assertEquals(200, ParleyConfig.load(Map.of("PARLEY_MESSAGES_PER_SECOND", "200"), Map.of()).framesPerSecond());
    }

    @Test
    void emptySourcesGiveTheDefaults() {
        assertEquals(ParleyConfig.defaults(), ParleyConfig.load(Map.of(), Map.of()));
    }

    @ParameterizedTest
    @CsvSource(textBlock = SETTINGS)
    void eachSettingHasItsDefault(String setting, String variable, int defaultValue) {
        assertEquals(defaultValue, value(ParleyConfig.defaults(), setting));
    }

    @ParameterizedTest
    @CsvSource(textBlock = SETTINGS)
    void eachSettingHasItsEnvironmentName(String setting, String variable) {
        assertEquals(variable, ParleyConfig.environmentName(setting));
    }

    @Test
    void everySettingOfTheRecordIsListed() {
        Set<String> listed = (SETTINGS + OTHER_SETTINGS).lines().map(line -> line.split(",")[0].trim())
                .collect(Collectors.toCollection(HashSet::new));
        listed.add("apiToken"); // a secret, tested on its own below
        listed.add("redisUri"); // a secret too: a Redis URI may carry a password
        listed.add("archive"); // its own record, ArchiveConfigTest
        listed.add("auth"); // its own record, AuthConfigTest
        Set<String> components = Arrays.stream(ParleyConfig.class.getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toSet());

        assertEquals(components, listed);
    }

    @ParameterizedTest
    @CsvSource(textBlock = SETTINGS)
    void anEnvironmentVariableOverridesTheDefault(String setting, String variable, int defaultValue, int other) {
        ParleyConfig config = ParleyConfig.load(Map.of(variable, String.valueOf(other)), Map.of());

        assertEquals(other, value(config, setting));
    }

    @ParameterizedTest
    @CsvSource(textBlock = SETTINGS)
    void aSystemPropertyOverridesTheDefault(String setting, String variable, int defaultValue, int other) {
        ParleyConfig config = ParleyConfig.load(Map.of(), Map.of("parley." + setting, String.valueOf(other)));

        assertEquals(other, value(config, setting));
    }

    @Test
    void aSystemPropertyOverridesTheEnvironment() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_MAX_TEXT_CHARS", "10"),
                Map.of("parley.maxTextChars", "20"));

        assertEquals(20, config.maxTextChars());
    }

    @Test
    void anOverrideChangesOnlyItsSetting() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_HISTORY_SIZE", "7"), Map.of());
        ParleyConfig defaults = ParleyConfig.defaults();

        for (RecordComponent setting : ParleyConfig.class.getRecordComponents()) {
            Object expected = setting.getName().equals("historySize") ? 7 : component(defaults, setting.getName());
            assertEquals(expected, component(config, setting.getName()), setting.getName());
        }
    }

    @Test
    void theApiTokenIsUnsetByDefault() {
        assertFalse(ParleyConfig.defaults().apiToken().isSet());
    }

    @Test
    void theApiTokenComesFromThePropertyOverTheEnvironment() {
        assertTrue(ParleyConfig.load(Map.of("PARLEY_API_TOKEN", "env"), Map.of()).apiToken().matches("env"));
        ParleyConfig both = ParleyConfig.load(Map.of("PARLEY_API_TOKEN", "env"), Map.of("parley.apiToken", " prop "));
        assertTrue(both.apiToken().matches("prop"));
        assertFalse(both.apiToken().matches("env"));
    }

    @Test
    void aBlankApiTokenLeavesTheApiDisabled() {
        assertFalse(ParleyConfig.load(Map.of("PARLEY_API_TOKEN", "  "), Map.of()).apiToken().isSet());
    }

    @Test
    void theApiTokenNeverShowsInTheConfigText() {
        String text = ParleyConfig.load(Map.of(), Map.of("parley.apiToken", "s3cret-value")).toString();
        assertFalse(text.contains("s3cret-value"), text);
        assertTrue(text.contains("apiToken=(set)"), text);
    }

    @Test
    void withoutARedisUriTheNodeRunsAloneAndAUriNeverShowsInTheConfigText() {
        assertFalse(ParleyConfig.defaults().redisUri().isSet());
        ParleyConfig cluster = ParleyConfig.load(Map.of("PARLEY_REDIS_URI", "redis://:pa55@10.0.0.1:6379"), Map.of());
        assertEquals("redis://:pa55@10.0.0.1:6379", cluster.redisUri().reveal());
        assertFalse(cluster.toString().contains("pa55"), cluster.toString());
    }

    @Test
    void ignoresUnrelatedEntries() {
        assertEquals(ParleyConfig.defaults(), ParleyConfig.load(Map.of("PATH", "/bin", "MAX_TEXT_CHARS", "x"),
                Map.of("maxTextChars", "x", "parley.unknown", "x")));
    }

    @Test
    void aBlankValueMeansTheDefault() {
        assertEquals(4000, ParleyConfig.load(Map.of("PARLEY_MAX_TEXT_CHARS", "  "), Map.of()).maxTextChars());
    }

    @Test
    void toleratesSurroundingWhiteSpace() {
        assertEquals(10, ParleyConfig.load(Map.of("PARLEY_MAX_TEXT_CHARS", " 10 "), Map.of()).maxTextChars());
    }

    @Test
    void acceptsTheBoundsOfARange() {
        assertEquals(1, ParleyConfig.load(Map.of("PARLEY_MAX_TEXT_CHARS", "1"), Map.of()).maxTextChars());
        assertEquals(1 << 20, ParleyConfig.load(Map.of("PARLEY_MAX_TEXT_CHARS", "1048576"), Map.of()).maxTextChars());
        assertEquals(1024, ParleyConfig.load(Map.of("PARLEY_MAX_FRAME_BYTES", "1024"), Map.of()).maxFrameBytes());
    }

    @ParameterizedTest
    @CsvSource({"PARLEY_MAX_TEXT_CHARS, ten", "PARLEY_MAX_TEXT_CHARS, 1.5", "PARLEY_MAX_TEXT_CHARS, 0",
            "PARLEY_MAX_TEXT_CHARS, -1", "PARLEY_MAX_TEXT_CHARS, 1048577", "PARLEY_MAX_TEXT_CHARS, 99999999999",
            "PARLEY_MAX_FRAME_BYTES, 1023", "PARLEY_HISTORY_SIZE, 0", "PARLEY_OUTBOX_BYTES, 1000",
            "PARLEY_MAX_ROOMS_PER_CONNECTION, 100001"})
    void refusesAnInvalidEnvironmentVariableNamingIt(String variable, String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of(variable, raw), Map.of()));

        assertTrue(e.getMessage().contains(variable), e.getMessage());
        assertTrue(e.getMessage().contains(raw), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"parley.maxTextChars, abc", "parley.maxTextChars, 0", "parley.historySize, 1000001",
            "parley.messagesPerSecond, 0"})
    void refusesAnInvalidSystemPropertyNamingIt(String property, String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of(), Map.of(property, raw)));

        assertTrue(e.getMessage().contains(property), e.getMessage());
    }

    @Test
    void refusalStatesTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of("PARLEY_MAX_FRAME_BYTES", "10"), Map.of()));

        assertTrue(e.getMessage().contains("1024"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(64 << 20)), e.getMessage());
    }

    @Test
    void anInvalidPropertyIsRefusedEvenWhenTheEnvironmentIsValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParleyConfig.load(
                Map.of("PARLEY_MAX_TEXT_CHARS", "10"), Map.of("parley.maxTextChars", "lots")));

        assertTrue(e.getMessage().contains("parley.maxTextChars"), e.getMessage());
    }

    @Test
    void burstDefaultsToTwiceTheRate() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_MESSAGES_PER_SECOND", "35"), Map.of());

        assertEquals(35, config.messagesPerSecond());
        assertEquals(70, config.messageBurst());
    }

    @Test
    void burstDefaultsToTwiceTheRateSetAsAProperty() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_MESSAGES_PER_SECOND", "5"),
                Map.of("parley.messagesPerSecond", "7"));

        assertEquals(14, config.messageBurst());
    }

    @Test
    void anExplicitBurstWinsOverTwiceTheRate() {
        ParleyConfig config = ParleyConfig.load(
                Map.of("PARLEY_MESSAGES_PER_SECOND", "5", "PARLEY_MESSAGE_BURST", "5"), Map.of());

        assertEquals(5, config.messagesPerSecond());
        assertEquals(5, config.messageBurst());
    }

    @Test
    void theHighestRateGetsTwiceItsBurst() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_MESSAGES_PER_SECOND", "1000000"), Map.of());

        assertEquals(2_000_000, config.messageBurst());
    }

    private static int value(ParleyConfig config, String setting) {
        return (int) component(config, setting);
    }

    private static Object component(ParleyConfig config, String setting) {
        try {
            return ParleyConfig.class.getMethod(setting).invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no setting " + setting, e);
        }
    }
}
