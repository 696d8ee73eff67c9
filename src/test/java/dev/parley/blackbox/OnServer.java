package dev.parley.blackbox;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of the black-box run that only makes sense on a deployed WAR (the HTTP API, the fallback's servlets, a
 * server's own WebSocket framing): the built WAR, deployed by Arquillian on the server the Maven profile picks, driven
 * over the network. Each test gets the server's address and a room of its own. Protocol tests that hold on Tyrus in
 * this JVM as well use {@code dev.parley.transport.websocket.ParleyTarget} instead, and run on both.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag(OnServer.TAG)
abstract class OnServer {

    /** The tag of the classes the black-box run takes besides the two-target ones (pom.xml, execution on-server). */
    static final String TAG = "deployed-only";

    @ArquillianResource
    URL deployed;

    BlackBox server;
    String room;

    @Deployment(testable = false)
    static WebArchive parley() {
        return BlackBox.war();
    }

    @BeforeEach
    void locate() throws Exception {
        server = BlackBox.at(deployed);
        room = BlackBox.newRoom();
    }
}
