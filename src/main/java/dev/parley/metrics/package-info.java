/**
 * Parley's metrics in Prometheus text format at {@code GET /metrics}: the chat's own figures
 * ({@link dev.parley.metrics.MicrometerChatMetrics}) and the JVM's, on one Micrometer registry bundled in the WAR
 * ({@link dev.parley.metrics.PrometheusMetrics}). docs/operations.md lists every metric.
 */
package dev.parley.metrics;
