package dev.parley.testing;

import java.util.HashMap;
import java.util.Map;

/** Reads the samples of a Prometheus text page: {@code name{labels}} to value, comments skipped. */
public final class PrometheusText {

    private final Map<String, Double> samples = new HashMap<>();

    public PrometheusText(String page) {
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    /** The sample's value, 0 when the series does not exist yet (a counter nobody has counted). */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }
}
