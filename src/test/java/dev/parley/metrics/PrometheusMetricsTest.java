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
    void theArchivesFiguresAreWrittenOut() {
        metrics.archiveMetrics().observeQueue(() -> 7);
        metrics.archiveMetrics().committed(12, 3_000_000);
        metrics.archiveMetrics().committed(1, 1_000_000);
        metrics.archiveMetrics().failed(5);
        metrics.archiveMetrics().removed(40);

        PrometheusText page = new PrometheusText(metrics.scrape());
        assertEquals(7, page.value("parley_archive_queued_messages"));
        assertEquals(2, page.value("parley_archive_commit_seconds_count"));
        assertEquals(0.004, page.value("parley_archive_commit_seconds_sum"), 1e-9);
        assertEquals(13, page.value("parley_archive_commit_messages_sum"));
        assertEquals(1, page.value("parley_archive_commit_messages_bucket{le=\"10.0\"}"));
        assertEquals(5, page.value("parley_archive_failed_messages_total"));
        assertEquals(40, page.value("parley_archive_removed_messages_total"));
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
