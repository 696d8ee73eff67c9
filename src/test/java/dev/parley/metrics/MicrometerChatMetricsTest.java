package dev.parley.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics.Origin;
import dev.parley.application.ChatService;
import dev.parley.application.NewConnection;
import dev.parley.application.Transport;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ErrorCode;
import dev.parley.testing.MemoryChat;
import dev.parley.testing.PrometheusText;
import dev.parley.testing.SilentPeer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Each report becomes the documented Prometheus series. */
class MicrometerChatMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerChatMetrics metrics = new MicrometerChatMetrics(registry);

    @Test
    void countsEventsUnderPrometheusNames() {
        metrics.frameIn("join");
        metrics.frameIn("message");
        metrics.frameIn("message");
        metrics.published(Origin.WEBSOCKET);
        metrics.published(Origin.HTTP);
        metrics.published(Origin.HTTP);
        metrics.fannedOut(3, 2_000_000);
        metrics.error(ErrorCode.RATE_LIMITED);
        metrics.rateLimited();
        metrics.closed(1000);
        metrics.closed(1013);
        metrics.slowConsumerCut();

        PrometheusText page = new PrometheusText(registry.scrape());

        assertEquals(1, page.value("parley_frames_in_total{type=\"join\"}"));
        assertEquals(2, page.value("parley_frames_in_total{type=\"message\"}"));
        assertEquals(1, page.value("parley_messages_published_total{origin=\"websocket\"}"));
        assertEquals(2, page.value("parley_messages_published_total{origin=\"http\"}"));
        assertEquals(3, page.value("parley_deliveries_total"));
        assertEquals(1, page.value("parley_fanout_seconds_count"));
        assertEquals(0.002, page.value("parley_fanout_seconds_sum"), 1e-9);
        assertEquals(1, page.value("parley_fanout_seconds_bucket{le=\"0.01\"}"));
        assertEquals(0, page.value("parley_fanout_seconds_bucket{le=\"0.001\"}"));
        assertEquals(1, page.value("parley_errors_total{code=\"rate_limited\"}"));
        assertEquals(1, page.value("parley_rate_limited_frames_total"));
        assertEquals(1, page.value("parley_closes_total{code=\"1000\"}"));
        assertEquals(1, page.value("parley_closes_total{code=\"1013\"}"));
        assertEquals(1, page.value("parley_slow_consumer_cuts_total"));
    }

    @Test
    void publishedSeriesExistBeforeTheFirstMessage() {
        PrometheusText page = new PrometheusText(registry.scrape());

        assertTrue(page.has("parley_messages_published_total{origin=\"websocket\"}"));
        assertTrue(page.has("parley_messages_published_total{origin=\"http\"}"));
    }

    @Test
    void connectionsGoUpAndDown() {
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed();

        assertEquals(1, new PrometheusText(registry.scrape()).value("parley_connections"));
    }

    @Test
    void theFallbackCountsItsClosesAndPostsAndItsMessagesByOrigin() {
        metrics.streamClosed(1013);
        metrics.streamClosed(1013);
        metrics.fallbackPost(202);
        metrics.fallbackPost(410);
        metrics.published(Origin.FALLBACK);

        PrometheusText page = new PrometheusText(registry.scrape());

        assertEquals(2, page.value("parley_fallback_closes_total{code=\"1013\"}"));
        assertEquals(1, page.value("parley_fallback_posts_total{status=\"202\"}"));
        assertEquals(1, page.value("parley_fallback_posts_total{status=\"410\"}"));
        assertEquals(1, page.value("parley_messages_published_total{origin=\"fallback\"}"));
    }

    @Test
    void connectionsByTransportAreReadFromTheChat() {
        ChatService chat = MemoryChat.start(ParleyConfig.defaults(), metrics);
        metrics.observe(chat);
        chat.connect(NewConnection.anonymous(new SilentPeer(), Transport.FALLBACK));

        PrometheusText page = new PrometheusText(registry.scrape());

        assertEquals(1, page.value("parley_transport_connections{transport=\"fallback\"}"));
        assertEquals(0, page.value("parley_transport_connections{transport=\"websocket\"}"));
    }

    @Test
    void outboxDepthIsADistributionInFrames() {
        metrics.outboxDepth(1);
        metrics.outboxDepth(5);

        PrometheusText page = new PrometheusText(registry.scrape());

        assertEquals(2, page.value("parley_outbox_depth_frames_count"));
        assertEquals(6, page.value("parley_outbox_depth_frames_sum"));
        assertEquals(1, page.value("parley_outbox_depth_frames_bucket{le=\"1.0\"}"));
        assertEquals(2, page.value("parley_outbox_depth_frames_bucket{le=\"8.0\"}"));
        assertEquals(5, page.value("parley_outbox_depth_frames_max"));
    }

    @Test
    void roomsAndMembersAreReadFromTheChat() {
        ChatService chat = MemoryChat.start(ParleyConfig.defaults(), metrics);
        metrics.observe(chat);
        chat.publish(new RoomId("a"), new UserName("ticker"), "1", null).message();
        chat.publish(new RoomId("b"), new UserName("ticker"), "1", null).message();

        PrometheusText page = new PrometheusText(registry.scrape());

        assertEquals(2, page.value("parley_rooms"));
        assertEquals(0, page.value("parley_members"));
    }
}
