package dev.parley.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * target/parley.war on Payara Micro (target/payara-micro.jar) as a child process on one port; see
 * {@link ServerProcess} for what a test can do with it.
 */
public final class PayaraMicro extends ServerProcess {

    private final Path jar;
    private final Path war;

    /**
     * @param name        names the log files ({@code name-1.log}, {@code name-2.log} after a restart)
     * @param environment added to the child's environment, e.g. {@code PARLEY_REDIS_URI}
     */
    public PayaraMicro(Path jar, Path war, int port, Path logs, String name, Map<String, String> environment) {
        super("Payara Micro", port, logs, name, environment);
        this.jar = jar;
        this.war = war;
    }

    @Override
    protected ProcessBuilder launcher() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial GC: a test server handles a few messages, and on a busy 2-core machine this halves
        // the start (seen: 20-40 s instead of 80 s at load 20). No phone-home call into a closed network.
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString(),
                "--deploy", war.toString(), "--contextroot", "/", "--port", String.valueOf(port()),
                "--nocluster", "--disablephonehome");
    }

    /** Seen on a machine busy with other servers: the JVM stays up, serving nothing. */
    @Override
    protected List<String> failureMarkers() {
        return List.of("Server failed to start");
    }
}
