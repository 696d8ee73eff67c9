package dev.parley.browser;

import static org.junit.jupiter.api.Assertions.fail;

import dev.parley.testing.FreePort;
import dev.parley.testing.NodeScripts;
import dev.parley.testing.RedisServer;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled page in a real browser against the real WAR: Parley runs in a child process on the server that
 * {@link TestServers} names (WildFly unless a server profile says otherwise), and each test
 * runs one Node script of src/test/browser (Playwright driving Chromium) against it. A script stops, restarts or freezes
 * the server through {@link ServerControl}. Screenshots go to target/browser.
 *
 * <p>Needs Node.js 20+ on the PATH and Chromium at /usr/bin/chromium (or {@code -Dparley.chromium=PATH} /
 * {@code PARLEY_CHROMIUM}); without them the tests fail and say so. {@code npm ci} runs when node_modules is missing or
 * older than package-lock.json.
 */
class BrowserIT {

    private static final Path SCRIPTS = Path.of("src/test/browser");
    private static final Path SCREENSHOTS = Path.of("target/browser");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(6);

    private static String chromium;
    private static ServerProcess server;
    private static ServerControl control;

    @BeforeAll
    static void startServer() throws Exception {
        chromium = findChromium();
        NodeScripts.requireNode();
        NodeScripts.install(SCRIPTS); // Playwright
        Files.createDirectories(SCREENSHOTS);
        server = TestServers.create(FreePort.pick(), SCREENSHOTS, TestServers.configured(), Map.of());
        server.start();
        control = new ServerControl(server);
    }

    @AfterEach
    void serverBackUp() throws Exception {
        server.ensureServing();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (control != null) {
            control.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoPeopleChatWithPresenceTypingAndAcks() throws Exception {
        runScript("chat.test.mjs");
    }

    @Test
    void markupInMessagesAndNamesIsShownAsText() throws Exception {
        runScript("xss.test.mjs");
    }

    @Test
    void pageReconnectsAfterARestartAndShowsWhatWasSentMeanwhile() throws Exception {
        runScript("restart.test.mjs");
    }

    @Test
    void pageNoticesASilentServerAndReconnects() throws Exception {
        runScript("dead-connection.test.mjs");
    }

    @Test
    void pageWithoutWebSocketChatsOverTheFallbackAndSurvivesARestart() throws Exception {
        runScript("fallback.test.mjs");
    }

    /**
     * A node of a cluster (its own Redis, frozen and thawed by the script) loses Redis while a person sends: the page
     * keeps the message pending, sends it again with its id once Redis is back, and both pages show it once.
     */
    @Test
    void aMessageSentWhileRedisIsFrozenIsSentAgainAndShownOnce() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ServerProcess node = TestServers.create(FreePort.pick(), SCREENSHOTS, "cluster-node",
                     Map.of("PARLEY_REDIS_URI", redis.uri(), "PARLEY_REDIS_TIMEOUT_MILLIS", "1000"))) {
            node.start();
            try (ServerControl redisControl = new ServerControl(Map.of(
                    "/redis-freeze", redis::freeze, "/redis-thaw", redis::thaw))) {
                runScript("outage.test.mjs", node.page(), redisControl.uri());
            }
        }
    }

    private static void runScript(String script) throws Exception {
        runScript(script, server.page(), control.uri());
    }

    /** Runs one script with node's test runner, echoes its output, and fails with that output unless it passes. */
    private static void runScript(String script, URI page, URI serverControl) throws Exception {
        NodeScripts.test(SCRIPTS, Map.of(
                "PARLEY_URL", page.toString(),
                "PARLEY_CONTROL", serverControl.toString(),
                "PARLEY_CHROMIUM", chromium,
                "PARLEY_SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString()), SCRIPT_TIMEOUT, script, script);
    }

    private static String findChromium() {
        String configured = System.getProperty("parley.chromium", System.getenv("PARLEY_CHROMIUM"));
        String path = configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured;
        if (!Files.isExecutable(Path.of(path))) {
            fail("The browser tests need Chromium at " + path + " (Debian: apt-get install chromium;"
                    + " another path: -Dparley.chromium=PATH or PARLEY_CHROMIUM=PATH)");
        }
        return path;
    }
}
