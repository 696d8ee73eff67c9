package dev.parley.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * target/parley.war on GlassFish as a child process on one port; see {@link ServerProcess} for what a test can do with
 * it. Any number of them share one installation (the {@code glassfish} profile unpacks target/glassfish7): each has a
 * domain of its own in its node directory, made once by {@code asadmin create-domain} with the port base that puts its
 * HTTP listener on the port (its other listeners follow at GlassFish's fixed offsets from the base: admin + 48, HTTPS
 * + 81, IIOP + 37..39, JMS + 76, JMX + 86), and the WAR in the domain's autodeploy directory, which serves it at
 * {@code /parley/}.
 * <p>
 * It runs {@code asadmin start-domain --verbose}, which starts the server's JVM as its child and waits for it: the
 * signals go to that child.
 */
public final class GlassFish extends ServerProcess {

    private static final String DOMAIN = "parley";
    private static final long CREATE_TIMEOUT_SECONDS = 300;

    private final Path installation;
    private final Path war;
    private Path domains;

    /**
     * @param installation an unpacked GlassFish (target/glassfish7)
     * @param name         names the node's directory and log files
     * @param environment  added to the child's environment, e.g. {@code PARLEY_AUTH}
     */
    public GlassFish(Path installation, Path war, int port, Path logs, String name, Map<String, String> environment) {
        super("GlassFish", port, logs, name, environment);
        this.installation = installation.toAbsolutePath();
        this.war = war;
    }

    /** The autodeployed WAR's context root is its file name. */
    @Override
    public URI page() {
        return URI.create("http://127.0.0.1:" + port() + "/" + DOMAIN + "/");
    }

    @Override
    protected ProcessBuilder launcher() throws IOException {
        if (domains == null) {
            domains = home().resolve("domains");
            createDomain();
            Files.copy(war, domains.resolve(DOMAIN).resolve("autodeploy").resolve(DOMAIN + ".war"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return asadmin("start-domain", "--verbose", "--domaindir", domains.toString(), DOMAIN);
    }

    private void createDomain() throws IOException {
        Path log = domains.resolveSibling("create-domain.log");
        Process create = asadmin("create-domain", "--nopassword", "--checkports=false",
                "--portbase", String.valueOf(port() - 80), "--domaindir", domains.toString(), DOMAIN)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!create.waitFor(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                create.destroyForcibly();
                throw new IOException("asadmin create-domain took over " + CREATE_TIMEOUT_SECONDS + " s; see " + log);
            }
        } catch (InterruptedException e) {
            create.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the domain", e);
        }
        if (create.exitValue() != 0) {
            throw new IOException("asadmin create-domain failed (" + create.exitValue() + "): "
                    + Files.readString(log));
        }
    }

    private ProcessBuilder asadmin(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", installation.resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        return builder;
    }

    /** The server's JVM: the {@code java} child of asadmin that runs modules/glassfish.jar, once it has started it. */
    @Override
    protected ProcessHandle jvm() {
        return descendant(arguments -> arguments.stream().anyMatch(argument -> argument.endsWith(
                "modules/glassfish.jar")));
    }

    @Override
    protected List<String> failureMarkers() {
        // A listener's port was taken; the WAR did not deploy.
        return List.of("Failed to start listener", "Exception while loading the app");
    }
}
