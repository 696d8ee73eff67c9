package dev.parley.metrics;

import dev.parley.application.ChatMetrics;
import dev.parley.archive.ArchiveMetrics;
import dev.parley.broker.BrokerMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** The deployment's one Prometheus registry: the chat's metrics and the JVM's, written out by {@link #scrape()}. */
@ApplicationScoped
public class PrometheusMetrics {

    /** The content type of Prometheus' text format 0.0.4, which {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;
    private ChatMetrics chat;
    private BrokerMetrics broker;
    private ArchiveMetrics archive;

    @PostConstruct
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        chat = new MicrometerChatMetrics(registry);
        broker = new MicrometerBrokerMetrics(registry);
        archive = new MicrometerArchiveMetrics(registry);
    }

    /** Releases the GC notification listeners, which would otherwise outlive an undeployed application. */
    @PreDestroy
    void stop() {
        gc.close();
        registry.close();
    }

    @Produces
    @Dependent
    ChatMetrics chatMetrics() {
        return chat;
    }

    @Produces
    @Dependent
    BrokerMetrics brokerMetrics() {
        return broker;
    }

    @Produces
    @Dependent
    ArchiveMetrics archiveMetrics() {
        return archive;
    }

    /** Every metric in Prometheus' text format. */
    public String scrape() {
        return registry.scrape();
    }
}
