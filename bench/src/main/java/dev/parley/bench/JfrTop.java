package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's {@code jdk.ExecutionSample} events: the top frames (where the CPU is), and the methods
 * that appear anywhere on the sampled stacks (inclusive time), each as a share of all samples.
 */
final class JfrTop {

    private JfrTop() {
    }

    static void print(Path recording, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> selfPackages = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            String topFrame = name(frames.get(0));
            self.merge(topFrame, 1, Integer::sum);
            selfPackages.merge(pkg(frames.get(0)), 1, Integer::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame frame : frames) {
                String n = name(frame);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        System.out.println("execution samples: " + samples);
        table("top frames (self)", self, samples, top);
        table("packages of the top frame (self)", selfPackages, samples, top);
        table("on the stack (inclusive)", inclusive, samples, top);
    }

    private static void table(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println();
        System.out.println("| " + title + " | samples | share |");
        System.out.println("|---|---:|---:|");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "| `%s` | %d | %.1f%% |%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / samples));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String pkg(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        int dot = type.lastIndexOf('.');
        String p = dot < 0 ? type : type.substring(0, dot);
        String[] parts = p.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(parts.length, 3)));
    }
}
