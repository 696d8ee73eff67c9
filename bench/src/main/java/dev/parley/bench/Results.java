package dev.parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Appends one line per figure to a CSV file: {@code server,run,scenario,step,metric,value}. */
final class Results {

    static final String HEADER = "server,run,scenario,step,metric,value";

    private final Path file;
    private final String server;
    private final int run;
    private final String scenario;

    String scenario() {
        return scenario;
    }

    Results(Path file, String server, int run, String scenario) {
        this.file = file;
        this.server = server;
        this.run = run;
        this.scenario = scenario;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} beside the CSV as {@code <server>-<scenario>-<run>-<name>}, unless it is empty. */
    void saveText(String name, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        Path target = file.resolveSibling(server + "-" + scenario + "-" + run + "-" + name);
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void put(String step, String metric, double value) {
        String line = String.join(",", server, Integer.toString(run), scenario, step, metric,
                String.format(Locale.ROOT, "%.6g", value)) + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
