package dev.parley.browser;

import static org.junit.jupiter.api.Assertions.fail;

import dev.parley.testing.Await;
import dev.parley.testing.FreePort;
import dev.parley.testing.NodeScripts;
import dev.parley.testing.RedisServer;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestServers;
import dev.parley.testing.Tokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
    /** The server's API token, for scripts that act as the operator (room access). */
    private static final String API_TOKEN = "browser-token";

    private static String chromium;
    private static ServerProcess server;
    private static ServerControl control;

    @BeforeAll
    static void startServer() throws Exception {
        chromium = findChromium();
        NodeScripts.requireNode();
        NodeScripts.install(SCRIPTS); // Playwright
        Files.createDirectories(SCREENSHOTS);
        server = TestServers.create(FreePort.pick(), SCREENSHOTS, TestServers.configured(),
                Map.of("PARLEY_API_TOKEN", API_TOKEN));
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
    void twoPeopleOpenADirectConversationAndAModeratorBans() throws Exception {
        runScript("access.test.mjs");
    }

    @Test
    void twoPeopleSeeUnreadBadgesTheMarkerLineEditsDeletesAndReactions() throws Exception {
        runScript("conversations.test.mjs");
    }

    @Test
    void theSearchBoxShowsMatchingMessagesApartFromTheLiveList() throws Exception {
        runScript("search.test.mjs");
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

    /**
     * parley.auth=jwt through examples/auth: a server that wants tokens, and the example host application beside it
     * signing 20-second tokens, so that the page renews one while the script watches; then a private room, a direct
     * conversation and a ban between two people signed in there.
     */
    @Test
    void peopleSignedInAtTheHostApplicationChatRenewModerateAndTalkDirectly() throws Exception {
        int hostPort = FreePort.pick();
        try (ServerProcess node = TestServers.create(FreePort.pick(), SCREENSHOTS, "jwt-node", Map.of(
                "PARLEY_AUTH", "jwt", "PARLEY_JWT_SECRET", Tokens.SECRET,
                "PARLEY_TOKEN_URL", "http://127.0.0.1:" + hostPort + "/token", "PARLEY_API_TOKEN", API_TOKEN))) {
            node.start();
            Path output = SCREENSHOTS.resolve("auth-host.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process host = new ProcessBuilder(java, "examples/auth/Host.java", "--secret", Tokens.SECRET,
                    "--port", String.valueOf(hostPort), "--chat", node.page().toString(), "--ttl", "20")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                Await.until(Duration.ofSeconds(60), () -> Files.exists(output) && readQuietly(output)
                        .contains("Sign in at"), "the host application's start");
                runScript("signed-in.test.mjs", node.page(), control.uri(),
                        Map.of("PARLEY_HOST", "http://127.0.0.1:" + hostPort + "/"));
            } finally {
                host.destroy();
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void runScript(String script) throws Exception {
        runScript(script, server.page(), control.uri());
    }

    /** Runs one script with node's test runner, echoes its output, and fails with that output unless it passes. */
    private static void runScript(String script, URI page, URI serverControl) throws Exception {
        runScript(script, page, serverControl, Map.of());
    }

    /** @param more environment for the script beyond the page, the control, Chromium and the screenshots */
    private static void runScript(String script, URI page, URI serverControl, Map<String, String> more)
            throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PARLEY_URL", page.toString(),
                "PARLEY_CONTROL", serverControl.toString(),
                "PARLEY_CHROMIUM", chromium,
                "PARLEY_SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString(),
                "PARLEY_API_TOKEN", API_TOKEN));
        environment.putAll(more);
        NodeScripts.test(SCRIPTS, environment, SCRIPT_TIMEOUT, script, script);
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
