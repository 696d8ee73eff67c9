package dev.parley.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.application.ChatMetrics.Origin;
import dev.parley.archive.ArchiveLag;
import dev.parley.config.ParleyConfig;
import dev.parley.protocol.ErrorCode;
import dev.parley.testing.MemoryChat;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring kit (examples/monitoring) names only metrics that /metrics exposes. The names come from the
 * deployment's own registry ({@link PrometheusMetrics}, what /metrics writes): every meter the chat, the broker and
 * the archive register, each reporting method called once so that meters made on first use exist too, scraped in
 * Prometheus' text format. Every {@code parley_*}, {@code jvm_*}, {@code process_*} and {@code system_*} name in the
 * dashboard's queries ({@code expr} and variable definitions) and in the alert rules (YAML comments aside) must be
 * among them.
 */
class MonitoringKitTest {

    private static final Path KIT = Path.of("examples/monitoring");
    private static final Pattern METRIC = Pattern.compile("\\b(?:parley|jvm|process|system)_[a-z0-9_]+\\b");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);

    private final PrometheusMetrics metrics = new PrometheusMetrics();

    MonitoringKitTest() {
        metrics.start();
    }

    @AfterEach
    void stop() {
        metrics.stop();
    }

    @Test
    void theDashboardQueriesOnlyExposedMetrics() throws IOException {
        JsonObject dashboard;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(KIT.resolve("grafana/parley-dashboard.json")))) {
            dashboard = reader.readObject();
        }
        StringBuilder queries = new StringBuilder();
        collectQueries(dashboard, queries);
        Set<String> used = namesIn(queries.toString());

        assertTrue(used.containsAll(Set.of("parley_transport_connections", "parley_messages_published_total",
                "parley_deliveries_total", "parley_fanout_seconds_bucket", "parley_outbox_depth_frames_bucket",
                "parley_slow_consumer_cuts_total", "parley_rate_limited_frames_total",
                "parley_broker_round_trip_seconds_bucket", "parley_broker_repaired_messages_total",
                "parley_archive_queued_messages", "parley_archive_commit_seconds_bucket",
                "parley_archive_lag_messages", "parley_archive_lag_seconds")), used::toString);
        assertExposed(used);
    }

    @Test
    void theAlertRulesUseOnlyExposedMetrics() throws IOException {
        String rules = Files.readAllLines(KIT.resolve("prometheus/parley-alerts.yml")).stream()
                .filter(line -> !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n"));
        Set<String> used = namesIn(rules);

        assertTrue(used.containsAll(Set.of("parley_broker_lease_renewals_total", "parley_broker_subscriptions",
                "parley_broker_round_trip_seconds_count", "parley_slow_consumer_cuts_total",
                "parley_archive_queued_messages", "parley_archive_failed_messages_total",
                "parley_archive_lag_seconds")), used::toString);
        assertExposed(used);
    }

    @Test
    void aNameNotExposedIsCaught() {
        Set<String> exposed = exposed();

        assertTrue(exposed.contains("parley_slow_consumer_cuts_total"));
        assertEquals(Set.of("parley_slow_consumer_cut_total"), missing(Set.of("parley_slow_consumer_cut_total"), exposed));
    }

    private void assertExposed(Set<String> used) {
        Set<String> exposed = exposed();
        assertEquals(Set.of(), missing(used, exposed), () -> "named by the kit but not on /metrics; /metrics has " + exposed);
    }

    private static Set<String> missing(Set<String> used, Set<String> exposed) {
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exposed);
        return missing;
    }

    /** The text of every query in the dashboard: panel targets' {@code expr}, variables' {@code definition}. */
    private static void collectQueries(JsonValue value, StringBuilder queries) {
        if (value instanceof JsonObject object) {
            object.forEach((key, member) -> {
                if ((key.equals("expr") || key.equals("definition")) && member instanceof JsonString query) {
                    queries.append(query.getString()).append('\n');
                } else {
                    collectQueries(member, queries);
                }
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(element -> collectQueries(element, queries));
        }
    }

    private static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** Every series name /metrics writes once each meter the chat, the broker and the archive register exists. */
    private Set<String> exposed() {
        var chat = metrics.chatMetrics();
        chat.observe(MemoryChat.start(ParleyConfig.defaults(), chat));
        chat.connectionOpened();
        chat.frameIn("message");
        chat.published(Origin.WEBSOCKET);
        chat.duplicate(Origin.WEBSOCKET);
        chat.fannedOut(2, 1_000);
        chat.error(ErrorCode.UNAVAILABLE);
        chat.rateLimited();
        chat.closed(1013);
        chat.streamClosed(1013);
        chat.fallbackPost(202);
        chat.slowConsumerCut();
        chat.outboxDepth(3);
        var broker = metrics.brokerMetrics();
        broker.observeSubscriptions(() -> 1);
        broker.roundTrip("publish", 1_000);
        broker.roundTrip("canary", 1_000);
        broker.eventReceived();
        broker.repaired(1);
        broker.reset();
        broker.leaseRenewal(true);
        broker.leaseRenewal(false);
        var archive = metrics.archiveMetrics();
        archive.observeQueue(() -> 0);
        archive.observeLag(() -> ArchiveLag.NONE);
        archive.committed(1, 1_000);
        archive.failed(1);
        archive.removed(1);

        Set<String> names = new TreeSet<>();
        Matcher series = SERIES.matcher(metrics.scrape());
        while (series.find()) {
            names.add(series.group(1));
        }
        return names;
    }
}
