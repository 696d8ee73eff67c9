package dev.parley.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.FakeHttpResponse;
import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.testing.MemoryChat;
import dev.parley.config.ParleyConfig;
import org.junit.jupiter.api.Test;

class HealthServletTest {

    private static final ChatService CHAT = MemoryChat.start(ParleyConfig.defaults(), ChatMetrics.NONE);

    private final HealthServlet servlet = new HealthServlet();
    private final FakeHttpResponse response = new FakeHttpResponse();

    HealthServletTest() {
        servlet.readiness = new Readiness();
    }

    @Test
    void answers200AndUpWhenReady() throws Exception {
        servlet.readiness.started(new Object(), CHAT);

        servlet.doGet(null, response.response());

        assertEquals(200, response.status());
        assertEquals("application/json", response.contentType());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("{\"status\":\"UP\",\"live\":true,\"ready\":true}", response.body());
    }

    @Test
    void answers503AndDownWhenNotReady() throws Exception {
        servlet.doGet(null, response.response());

        assertEquals(503, response.status());
        assertEquals("{\"status\":\"DOWN\",\"live\":true,\"ready\":false}", response.body());
    }

    @Test
    void answers503OnceShutdownBegins() throws Exception {
        servlet.readiness.started(new Object(), CHAT);
        servlet.readiness.stopping(new Object());

        servlet.doGet(null, response.response());

        assertEquals(503, response.status());
    }
}
