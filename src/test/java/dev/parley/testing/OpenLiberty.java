package dev.parley.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * target/parley.war on Open Liberty as a child process on one port; see {@link ServerProcess} for what a test can do
 * with it. Any number of them share one runtime (the {@code liberty} profile installs target/liberty/wlp): each has its
 * own user directory ({@code WLP_USER_DIR}) in its node directory, holding one server {@code parley} made of Parley's
 * own server.xml (src/main/liberty/config), the WAR in {@code apps/}, its port in {@code bootstrap.properties} (the
 * server.xml's {@code http.port} variable) and an override that binds it to the loopback address only.
 * <p>
 * It runs {@code bin/server run}, which replaces itself with the server's JVM: the signals reach the server directly.
 */
public final class OpenLiberty extends ServerProcess {

    private static final String SERVER = "parley";

    private final Path runtime;
    private final Path serverXml;
    private final Path war;
    private Path userDirectory;

    /**
     * @param runtime     an installed runtime (target/liberty/wlp)
     * @param serverXml   the server configuration to copy (src/main/liberty/config/server.xml)
     * @param name        names the node's directory and log files
     * @param environment added to the child's environment, e.g. {@code PARLEY_REDIS_URI}
     */
    public OpenLiberty(Path runtime, Path serverXml, Path war, int port, Path logs, String name,
                       Map<String, String> environment) {
        super("Open Liberty", port, logs, name, environment);
        this.runtime = runtime.toAbsolutePath();
        this.serverXml = serverXml;
        this.war = war;
    }

    @Override
    protected ProcessBuilder launcher() throws IOException {
        if (userDirectory == null) {
            userDirectory = home().resolve("usr");
            createServer(userDirectory.resolve("servers").resolve(SERVER));
        }
        ProcessBuilder builder = new ProcessBuilder("bash", runtime.resolve("bin/server").toString(), "run", SERVER);
        builder.environment().put("WLP_USER_DIR", userDirectory.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    private void createServer(Path server) throws IOException {
        Path overrides = Files.createDirectories(server.resolve("configDropins/overrides"));
        Files.createDirectories(server.resolve("apps"));
        Files.copy(serverXml, server.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(war, server.resolve("apps/parley.war"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(server.resolve("bootstrap.properties"), "http.port=" + port() + "\n");
        Files.writeString(overrides.resolve("loopback.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- A test node listens on the loopback address only. -->
                <server>
                    <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1"/>
                </server>
                """);
        // What PayaraMicro uses: C1 only and the serial GC start faster on 2 cores.
        Files.writeString(server.resolve("jvm.options"), "-Xmx512m\n-XX:TieredStopAtLevel=1\n-XX:+UseSerialGC\n");
    }

    @Override
    protected List<String> failureMarkers() {
        // The application did not start; the port could not be bound; a feature is missing from the runtime.
        return List.of("CWWKZ0002E", "CWWKO0221E", "CWWKF0001E");
    }
}
