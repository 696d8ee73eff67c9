package dev.parley.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many bytes a connected TCP pair can hold in kernel buffers before the receiving process reads anything. */
public final class LoopbackBuffers {

    /** Used where the kernel does not say (not Linux): generous, still far below an unbounded flood. */
    private static final long FALLBACK_BYTES = 64L << 20;

    private LoopbackBuffers() {
    }

    /** The sender's largest send buffer plus the receiver's largest receive buffer (Linux autotuning maxima). */
    public static long maxBytes() {
        try {
            return max("tcp_wmem") + max("tcp_rmem");
        } catch (IOException | RuntimeException unknown) {
            return FALLBACK_BYTES;
        }
    }

    private static long max(String setting) throws IOException {
        // readAllLines, not readString: on JDK 17 readString of a /proc/sys file returns only its first byte.
        String[] fields = Files.readAllLines(Path.of("/proc/sys/net/ipv4", setting)).get(0).trim().split("\\s+");
        return Long.parseLong(fields[fields.length - 1]);
    }
}
