package dev.parley.transport.websocket;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.NodeScripts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client library (clients/js) against the real endpoint on Tyrus in this JVM: its live tests
 * (clients/js/it, run by {@code node --test} with {@code PARLEY_URL}) chat, recover after cuts, resend, and install
 * the {@code npm pack}ed package to run the README's ten lines and compile TypeScript against its declarations. The
 * server keeps 5 messages a room, so that a rejoin's history can miss a message and the client must resend it.
 *
 * <p>Needs Node.js 20+; {@code npm ci} in clients/js (ws, eventsource, typescript) runs when node_modules is missing or
 * older than package-lock.json.
 */
class JsClientIT {

    private static final Path CLIENT = Path.of("clients/js");
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScripts.requireNode();
        NodeScripts.install(CLIENT);
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of("parley.historySize", "5")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientChatsRecoversAndResendsAgainstTheRealEndpoint() throws Exception {
        runLiveTests("it/chat.test.mjs", "it/resend.test.mjs");
    }

    @Test
    void packedPackageChatsFromTheReadmeAndTypeChecks() throws Exception {
        runLiveTests("it/pack.test.mjs");
    }

    private static void runLiveTests(String... scripts) throws Exception {
        String url = "http://127.0.0.1:" + server.chatUri().getPort() + "/";
        NodeScripts.test(CLIENT, Map.of("PARLEY_URL", url), TIMEOUT, "clients/js", scripts);
    }
}
