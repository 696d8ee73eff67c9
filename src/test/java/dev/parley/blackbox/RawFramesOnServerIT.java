package dev.parley.blackbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Canary;
import dev.parley.testing.MalformedFrame;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The malformed frames of {@link MalformedFrame} against the WAR on a real server: every case must end (a close code,
 * a dropped connection, or the server ignoring it and still answering) within seconds, and a canary pair in another
 * room must chat on without a gap. The codes differ per server; this records them in
 * {@code target/malformed-frames-<server>.md} for docs/operations.md rather than asserting one server's answers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RawFramesOnServerIT {

    private static final Logger LOG = Logger.getLogger(RawFramesOnServerIT.class.getName());

    @Deployment(testable = false)
    static WebArchive parley() {
        return ParleyOnServerIT.parley();
    }

    @ArquillianResource
    URL deployed;

    @Test
    void everyMalformedFrameEndsPromptlyAndOthersChatOn() throws Exception {
        URI chat = new URI("ws", null, "127.0.0.1", deployed.getPort(), deployed.getPath() + "chat", null, null);
        List<String> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (MalformedFrame malformed : MalformedFrame.values()) {
            String room = "raw-" + malformed.ordinal() + "-" + System.nanoTime();
            try (WsClient listener = WsClient.joined(chat, room, "listener");
                 WsClient talker = WsClient.joined(chat, room, "talker")) {
                // 70 ms between messages keeps under the default 20 messages a second
                Canary canary = new Canary(talker, listener, room, Duration.ofMillis(70));
                String answer;
                try {
                    answer = malformed.probe(chat).describe();
                } catch (IOException e) {
                    answer = malformed + ": " + e;
                    failures.add(answer);
                }
                LOG.info(answer);
                canary.stop();
                rows.add("| " + malformed + " | " + malformed.closeCode() + " | " + answer.substring(answer.indexOf(": ") + 2)
                        + " |");
            }
        }
        Path table = Path.of("target", "malformed-frames-" + System.getProperty("arquillian.launch", "server") + ".md");
        Files.write(table, rows);
        assertTrue(failures.isEmpty(), () -> "cases the server neither closed nor answered: " + failures);
    }
}
