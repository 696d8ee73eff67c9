package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.config.ParleyConfig;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.testing.FreePort;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestServers;
import dev.parley.testing.WsClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Parley a test class talks to, as Tyrus's {@code TestContainer} does it: the real endpoint on Tyrus in this JVM,
 * started for the class, unless the system property {@value #PROPERTY} names a server. Then it is the built WAR on
 * that server ({@code wildfly}, {@code payara} or {@code liberty}: a process of its own, started for the class with the
 * class's settings, see {@link TestServers}), or a Parley already running at a URL ({@code http://host:port/}), which
 * only a class without settings of its own can use. The same class thus runs in the in-JVM IT run and in the black-box
 * run on every server; register it on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final ParleyTarget parley = ParleyTarget.with(Map.of("parley.historySize", "5"));
 * </pre>
 * and tag the class {@value #TAG}: the server profiles run the classes so tagged with {@value #PROPERTY} set.
 * A test that only makes sense on one of the two says so with {@link #assumeInJvm} or {@link #assumeDeployed}.
 */
final class ParleyTarget implements BeforeAllCallback, AfterAllCallback {

    public static final String PROPERTY = "parley.target";
    /** The tag of the classes the black-box run takes (pom.xml, failsafe execution {@code on-server}). */
    public static final String TAG = "two-targets";
    /** The token of the HTTP API on every target, for tests that set rooms up the way an operator does. */
    public static final String API_TOKEN = "target-token";

    private static final Set<String> SERVERS = Set.of("wildfly", "payara", "liberty");

    private final Map<String, String> settings;
    private ParleyServer inJvm;
    private ServerProcess process;
    private Path home;
    private URI page;

    private ParleyTarget(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putIfAbsent("parley.apiToken", API_TOKEN);
        this.settings = Map.copyOf(all);
    }

    /** Parley with its defaults (and {@link #API_TOKEN}). */
    static ParleyTarget defaults() {
        return new ParleyTarget(Map.of());
    }

    /** Parley with these settings ({@code parley.camelCase} names), the same on every target. */
    static ParleyTarget with(Map<String, String> settings) {
        return new ParleyTarget(settings);
    }

    /** What {@value #PROPERTY} names: "" for this JVM. */
    static String configured() {
        return System.getProperty(PROPERTY, "").trim();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> tests = context.getRequiredTestClass();
        if (!tests.isAnnotationPresent(org.junit.jupiter.api.Tag.class)
                || !TAG.equals(tests.getAnnotation(org.junit.jupiter.api.Tag.class).value())) {
            throw new IllegalStateException(tests.getSimpleName() + " uses ParleyTarget: tag it @Tag(\"" + TAG
                    + "\") so that the black-box run takes it too");
        }
        String target = configured();
        if (target.isEmpty()) {
            inJvm = ParleyServer.start(ParleyConfig.load(Map.of(), settings));
            page = URI.create("http://127.0.0.1:" + inJvm.chatUri().getPort() + "/");
        } else if (SERVERS.contains(target)) {
            home = Files.createDirectories(Path.of("target", "targets")).resolve(tests.getSimpleName());
            process = TestServers.create(target, FreePort.pick(), home.getParent(), tests.getSimpleName(),
                    environment(settings));
            process.start();
            page = process.page();
        } else {
            assumeTrue(settings.equals(Map.of("parley.apiToken", API_TOKEN)), () -> tests.getSimpleName()
                    + " needs settings of its own " + settings.keySet() + ", which the Parley at " + target
                    + " was not started with");
            page = URI.create(target.endsWith("/") ? target : target + "/");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (inJvm != null) {
            inJvm.close();
        }
        if (process != null) {
            process.close();
        }
    }

    /** The WebSocket address of the chat. */
    URI chat() {
        return URI.create("ws://" + page.getAuthority() + page.getPath() + "chat");
    }

    /** The context root, where the page and the HTTP API are: only a deployed WAR serves them. */
    URI page() {
        return page;
    }

    boolean inJvm() {
        return inJvm != null;
    }

    /** The server's console log, for a test that reads what the server logged. */
    Path log() {
        assumeDeployed("the in-JVM server logs to this JVM's console, which no test reads");
        return process.log();
    }

    /** The directory the server process writes its files (and Open Liberty its logs) in. */
    Path home() {
        assumeDeployed("only a server process has a home of its own");
        return home;
    }

    void assumeInJvm(String why) {
        assumeTrue(inJvm(), () -> "in-JVM only: " + why);
    }

    void assumeDeployed(String why) {
        assumeFalse(inJvm(), () -> "deployed WAR only: " + why);
    }

    /** Makes {@code room} private or public as an operator does: in-JVM through the chat, deployed through the API. */
    void setAccess(String room, RoomAccess access) throws Exception {
        if (inJvm()) {
            inJvm.chat().access().setAccess(new RoomId(room), access);
            return;
        }
        HttpResponse<String> response = WsClient.HTTP.send(HttpRequest.newBuilder(page.resolve("api/rooms/" + room))
                .timeout(WsClient.NETWORK_TIMEOUT).header("Authorization", "Bearer " + settings.get("parley.apiToken"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"access\":\"" + access.wire() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT api/rooms/" + room + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** {@code parley.historySize} becomes {@code PARLEY_HISTORY_SIZE}, as a server process takes its settings. */
    private static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        settings.forEach((name, value) -> environment.put(
                ParleyConfig.environmentName(name.substring("parley.".length())), value));
        return environment;
    }
}
