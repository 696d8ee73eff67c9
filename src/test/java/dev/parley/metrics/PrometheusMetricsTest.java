package dev.parley.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.FakeHttpResponse;
import dev.parley.testing.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry bean and the servlet that writes it out. */
class PrometheusMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics();

    PrometheusMetricsTest() {
        metrics.start();
    }

    @AfterEach
    void stop() {
        metrics.stop();
    }

    @Test
    void theProducedChatMetricsWriteToTheScrapedRegistry() {
        metrics.chatMetrics().frameIn("ping");

        assertEquals(1, new PrometheusText(metrics.scrape()).value("parley_frames_in_total{type=\"ping\"}"));
    }

    @Test
    void theJvmBasicsAreThere() {
        String page = metrics.scrape();

        assertTrue(page.contains("jvm_memory_used_bytes{area=\"heap\""), page);
        assertTrue(page.contains("jvm_threads_live_threads "), page);
        assertTrue(page.contains("jvm_gc_"), page);
        assertTrue(page.contains("process_uptime_seconds "), page);
        assertTrue(page.contains("system_cpu_count "), page);
    }

    @Test
    void theServletWritesThePrometheusTextFormat() throws Exception {
        MetricsServlet servlet = new MetricsServlet();
        servlet.metrics = metrics;
        metrics.chatMetrics().closed(1000);
        FakeHttpResponse response = new FakeHttpResponse();

        servlet.doGet(null, response.response());

        assertEquals(200, response.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.contentType());
        assertEquals(1, new PrometheusText(response.body()).value("parley_closes_total{code=\"1000\"}"));
    }
}
