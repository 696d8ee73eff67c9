package dev.parley.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * target/parley.war on WildFly as a child process on one port; see {@link ServerProcess} for what a test can do with
 * it. Any number of them share one installation (the {@code wildfly} profile provisions target/wildfly): each runs
 * with its own base directory, a copy of the installation's {@code standalone/} in its node directory, with the WAR in
 * its {@code deployments/} as {@code ROOT.war} (context root {@code /}) and its own HTTP and management ports.
 * <p>
 * It runs {@code bin/standalone.sh} in the foreground, as an operator would; the script starts the JVM as its child
 * and does not pass signals on in that mode, so the signals go to the JVM.
 */
public final class WildFly extends ServerProcess {

    private final Path installation;
    private final Path war;
    private Path base;
    private int managementPort;

    /**
     * @param installation a provisioned server (target/wildfly)
     * @param name         names the node's directory and log files
     * @param environment  added to the child's environment, e.g. {@code PARLEY_REDIS_URI}
     */
    public WildFly(Path installation, Path war, int port, Path logs, String name, Map<String, String> environment) {
        super("WildFly", port, logs, name, environment);
        this.installation = installation.toAbsolutePath();
        this.war = war;
    }

    @Override
    protected ProcessBuilder launcher() throws IOException {
        if (base == null) {
            base = home().resolve("standalone");
            copyBaseDirectory(installation.resolve("standalone"), base);
            Files.copy(war, base.resolve("deployments/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
            managementPort = FreePort.pick();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", installation.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + port(),
                "-Djboss.management.http.port=" + managementPort);
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        // The script's default sizing plus what PayaraMicro uses: C1 only and the serial GC start faster on 2 cores.
        environment.put("JBOSS_JAVA_SIZING", "-Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        environment.remove("JAVA_OPTS");
        environment.remove("LAUNCH_JBOSS_IN_BACKGROUND"); // in the foreground the script exits when the JVM does
        return builder;
    }

    /** The installation's configuration and empty deployments, without what a server run left (data, tmp, log). */
    private static void copyBaseDirectory(Path from, Path to) throws IOException {
        for (String directory : List.of("configuration", "deployments")) {
            Files.createDirectories(to.resolve(directory));
        }
        try (Stream<Path> files = Files.list(from.resolve("configuration"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve("configuration").resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The {@code java} child of standalone.sh, once it has started it. */
    @Override
    protected ProcessHandle jvm() {
        return descendant(arguments -> arguments.contains("-D[Standalone]"));
    }

    @Override
    protected List<String> failureMarkers() {
        // WFLYSRV0026 "... started (with errors) ..." after a failed deployment; WFLYSRV0056 "Server boot has failed".
        return List.of("started (with errors)", "WFLYSRV0056");
    }

    @Override
    public String toString() {
        return super.toString() + ", management port " + managementPort;
    }
}
