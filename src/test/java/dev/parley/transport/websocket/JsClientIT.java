package dev.parley.transport.websocket;

import dev.parley.testing.NodeScripts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JavaScript client library (clients/js) against the real endpoint, in this JVM and on the built WAR on each
 * server ({@link ParleyTarget}): its live tests (clients/js/it, run by {@code node --test} with {@code PARLEY_URL})
 * chat, recover after cuts, resend, and install the {@code npm pack}ed package to run the README's ten lines and
 * compile TypeScript against its declarations. The server keeps 5 messages a room, so that a rejoin's history can miss
 * a message and the client must resend it.
 *
 * <p>Needs Node.js 20+; {@code npm ci} in clients/js (ws, eventsource, typescript) runs when node_modules is missing or
 * older than package-lock.json.
 */
@Tag(ParleyTarget.TAG)
class JsClientIT {

    private static final Path CLIENT = Path.of("clients/js");
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final ParleyTarget parley = ParleyTarget.with(Map.of("parley.historySize", "5"));

    @BeforeAll
    static void install() throws Exception {
        NodeScripts.requireNode();
        NodeScripts.install(CLIENT);
    }

    @Test
    void clientChatsRecoversAndResendsAgainstTheRealEndpoint() throws Exception {
        runLiveTests("it/chat.test.mjs", "it/resend.test.mjs");
    }

    /** clients/js/it/conversation.test.mjs: edits, reactions, deletes, read markers and the room list. */
    @Test
    void clientEditsReactsDeletesAndKeepsReadMarkers() throws Exception {
        runLiveTests("it/conversation.test.mjs");
    }

    @Test
    void packedPackageChatsFromTheReadmeAndTypeChecks() throws Exception {
        runLiveTests("it/pack.test.mjs");
    }

    /** clients/js/it/server.test.mjs: the fallback transport and the page's copy of the library's modules. */
    @Test
    void clientChatsOverTheFallbackAndThePageServesItsModules() throws Exception {
        parley.assumeDeployed("the fallback's servlets and the page are the WAR's, not Tyrus's in this JVM");
        runLiveTests("it/server.test.mjs");
    }

    private static void runLiveTests(String... scripts) throws Exception {
        NodeScripts.test(CLIENT, Map.of("PARLEY_URL", parley.page().toString()), TIMEOUT, "clients/js", scripts);
    }
}
