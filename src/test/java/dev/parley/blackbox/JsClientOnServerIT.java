package dev.parley.blackbox;

import dev.parley.testing.NodeScripts;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JavaScript client library (clients/js) against the WAR on the profile's server: its on-server live tests
 * (clients/js/it/server.test.mjs) chat over WebSocket and over the fallback, and read the page's copy of the library's
 * modules. Needs Node.js 20+; {@code npm ci} runs in clients/js when needed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JsClientOnServerIT {

    private static final Path CLIENT = Path.of("clients/js");

    @Deployment(testable = false)
    static WebArchive parley() {
        return BlackBox.war();
    }

    @ArquillianResource
    URL deployed;

    @BeforeAll
    static void install() throws Exception {
        NodeScripts.requireNode();
        NodeScripts.install(CLIENT);
    }

    @Test
    void clientChatsOverWebSocketAndTheFallbackOnTheServer() throws Exception {
        NodeScripts.test(CLIENT, Map.of("PARLEY_URL", BlackBox.at(deployed).page.toString()), Duration.ofMinutes(2),
                "clients/js on the server", "it/server.test.mjs");
    }
}
