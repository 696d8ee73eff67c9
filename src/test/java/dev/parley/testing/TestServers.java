package dev.parley.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server that the tests starting their own Parley processes (browser tests, cluster suite) run target/parley.war
 * on: the one the system property {@value #PROPERTY} names ({@code wildfly}, the default, {@code payara} or
 * {@code liberty}), as that server's Maven profile installed it in target/. Each profile sets the property.
 */
public final class TestServers {

    public static final String PROPERTY = "parley.server";

    private static final Path WAR = Path.of("target/parley.war");

    private TestServers() {
    }

    /** The configured server's name, as the profiles spell it. */
    public static String configured() {
        return System.getProperty(PROPERTY, "wildfly");
    }

    /**
     * A not yet started Parley on the configured server.
     *
     * @param name        names the process's directory and log files in {@code logs}
     * @param environment added to the child's environment, e.g. {@code PARLEY_REDIS_URI}
     */
    public static ServerProcess create(int port, Path logs, String name, Map<String, String> environment) {
        return create(configured(), port, logs, name, environment);
    }

    /** The same on the named server ({@code wildfly}, {@code payara} or {@code liberty}). */
    public static ServerProcess create(String server, int port, Path logs, String name,
            Map<String, String> environment) {
        return switch (server) {
            case "wildfly" -> new WildFly(installed(Path.of("target/wildfly"), server), WAR, port, logs, name,
                    environment);
            case "payara" -> new PayaraMicro(installed(Path.of("target/payara-micro.jar"), server), WAR, port, logs,
                    name, environment);
            case "liberty" -> new OpenLiberty(installed(Path.of("target/liberty/wlp"), server),
                    Path.of("src/main/liberty/config/server.xml"), WAR, port, logs, name, environment);
            default -> throw new IllegalArgumentException(PROPERTY + "=" + server
                    + ": expected wildfly, payara or liberty");
        };
    }

    private static Path installed(Path server, String profile) {
        if (!Files.exists(server)) {
            throw new IllegalStateException(server + " is missing: run with -P" + profile
                    + ", whose build puts the server there (docs/deploy.md)");
        }
        return server;
    }
}
