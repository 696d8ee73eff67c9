package dev.parley.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.FakeHttpResponse;
import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.archive.ArchiveLag;
import dev.parley.archive.ArchiveState;
import dev.parley.archive.ArchiveStatus;
import dev.parley.broker.memory.MemoryBroker;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class HealthServletTest {

    private static final MemoryBroker BROKER = new MemoryBroker(ParleyConfig.defaults(), Clock.systemUTC(),
            System::nanoTime, RandomId::next);
    private static final ChatService CHAT = new ChatService(ParleyConfig.defaults(), BROKER, ChatMetrics.NONE,
            System::nanoTime);

    private final HealthServlet servlet = new HealthServlet();
    private final FakeHttpResponse response = new FakeHttpResponse();

    HealthServletTest() {
        servlet.readiness = new Readiness();
    }

    @Test
    void answers200AndUpWhenReady() throws Exception {
        servlet.readiness.started(new Object(), CHAT, BROKER);
        servlet.readiness.archive(new Object(), ArchiveState.OFF);

        servlet.doGet(null, response.response());

        assertEquals(200, response.status());
        assertEquals("application/json", response.contentType());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("{\"status\":\"UP\",\"live\":true,\"ready\":true,\"broker\":{\"type\":\"memory\",\"up\":true,"
                + "\"detail\":\"0 rooms in this JVM\"},\"archive\":{\"type\":\"off\",\"up\":true,"
                + "\"detail\":\"archive off: rooms live in memory only\"}}", response.body());
    }

    @Test
    void answers503NamingTheArchiveWhenItIsDown() throws Exception {
        servlet.readiness.started(new Object(), CHAT, BROKER);
        servlet.readiness.archive(new Object(),
                () -> new ArchiveStatus("postgresql", false, "jdbc:postgresql://db/parley: connection refused"));

        servlet.doGet(null, response.response());

        assertEquals(503, response.status());
        assertEquals("{\"status\":\"DOWN\",\"live\":true,\"ready\":false,\"broker\":{\"type\":\"memory\","
                + "\"up\":true,\"detail\":\"0 rooms in this JVM\"},\"archive\":{\"type\":\"postgresql\",\"up\":false,"
                + "\"detail\":\"jdbc:postgresql://db/parley: connection refused\"}}", response.body());
    }

    @Test
    void aClusterNodeShowsItsArchiveLagAndStaysReadyWhileTheArchiveBehindRedisIsDown() throws Exception {
        servlet.readiness.started(new Object(), CHAT, BROKER);
        servlet.readiness.archive(new Object(), () -> new ArchiveStatus("postgresql", false,
                "jdbc:postgresql://db/parley: connection refused", new ArchiveLag(12, 3.5)));

        servlet.doGet(null, response.response());

        assertEquals(200, response.status());
        assertEquals("{\"status\":\"UP\",\"live\":true,\"ready\":true,\"broker\":{\"type\":\"memory\","
                + "\"up\":true,\"detail\":\"0 rooms in this JVM\"},\"archive\":{\"type\":\"postgresql\",\"up\":false,"
                + "\"detail\":\"jdbc:postgresql://db/parley: connection refused\","
                + "\"lag\":{\"messages\":12,\"seconds\":3.5}}}", response.body());
    }

    @Test
    void answers503AndDownWhenNotReady() throws Exception {
        servlet.doGet(null, response.response());

        assertEquals(503, response.status());
        assertEquals("{\"status\":\"DOWN\",\"live\":true,\"ready\":false}", response.body());
    }

    @Test
    void answers503OnceShutdownBegins() throws Exception {
        servlet.readiness.started(new Object(), CHAT, BROKER);
        servlet.readiness.stopping(new Object());

        servlet.doGet(null, response.response());

        assertEquals(503, response.status());
    }
}
