package dev.parley.testing;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@link RedisServer} for a test class, never the machine's own Redis. Registered with
 * {@code @RegisterExtension} on a static field, one server serves the whole class and is emptied before each test; on
 * an instance field, each test gets a fresh server (for tests that kill, freeze or reconfigure it). Tests that use
 * it start a process: name them {@code *IT}.
 */
public final class PrivateRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private RedisServer server;
    private boolean perTest;

    /** The running server; from the first {@code @BeforeEach} (or {@code @BeforeAll} on a static field) on. */
    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("the private redis-server is not running: register the extension");
        }
        return server;
    }

    public String uri() {
        return server().uri();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = RedisServer.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (server == null) {
            perTest = true;
            server = RedisServer.start();
        } else if (!perTest) {
            server.flushAll();
        }
    }

    /** Runs after the test's own {@code @AfterEach} methods, so that what they close still has its Redis. */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        stop();
    }

    private void stop() throws InterruptedException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
