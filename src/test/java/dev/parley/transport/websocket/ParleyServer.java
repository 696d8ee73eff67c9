package dev.parley.transport.websocket;

import dev.parley.application.ChatService;
import dev.parley.config.ArchiveConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.TemporaryFiles;
import dev.parley.runtime.ParleyRuntime;
import dev.parley.metrics.PrometheusMetrics;
import dev.parley.testing.PrometheusText;
import dev.parley.testing.FreePort;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.event.Observes;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glassfish.tyrus.server.Server;

/** The real endpoint on Tyrus (Grizzly) in this JVM, wired by CDI (Weld SE) with a given configuration. */
final class ParleyServer implements AutoCloseable {

    private final SeContainer cdi;
    private final Server server;
    private final Path dataDir;

    private ParleyServer(SeContainer cdi, Server server, Path dataDir) {
        this.cdi = cdi;
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Starts Parley with {@code config}; an archive in the default place goes into a temporary directory of this
     * server's instead, removed when it closes, so that runs never share rooms.
     */
    static ParleyServer start(ParleyConfig config) throws Exception {
        Path dataDir = null;
        if (config.archive().enabled() && config.archive().dataDir().equals(ArchiveConfig.defaultDataDir())) {
            dataDir = Files.createTempDirectory("parley-archive");
            config = config.withArchive(config.archive().inDirectory(dataDir));
        }
        SeContainer cdi = SeContainerInitializer.newInstance()
                .disableDiscovery()
                .addBeanClasses(ParleyRuntime.class, OpenSessions.class, PrometheusMetrics.class)
                .addExtensions(new FixedConfig(config))
                .initialize();
        for (int attempt = 1; ; attempt++) {
            Server server = new Server("127.0.0.1", candidatePort(), "/", Map.of(), ChatEndpoint.class);
            try {
                server.start();
                return new ParleyServer(cdi, server, dataDir);
            } catch (DeploymentException e) {
                if (attempt == 20 || !(e.getCause() instanceof BindException)) {
                    cdi.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                cdi.close();
                throw e;
            }
        }
    }

    static ParleyServer start() throws Exception {
        return start(ParleyConfig.defaults());
    }

    /**
     * Tyrus takes port 0 to mean its default, 8025, so pick one below Linux's ephemeral range ({@link FreePort}). A port
     * taken between the pick and Tyrus's bind means another try.
     */
    private static int candidatePort() throws IOException {
        return FreePort.pick();
    }

    URI chatUri() {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/chat");
    }

    /** Stops the application as an undeploy does (its CDI context ends), leaving the WebSocket server running. */
    void stopApplication() {
        cdi.close();
    }

    /** The deployment's chat, as the HTTP API reaches it. */
    ChatService chat() {
        return cdi.select(ChatService.class).get();
    }

    /** The deployment's metrics as /metrics would show them. */
    PrometheusText metrics() {
        return new PrometheusText(cdi.select(PrometheusMetrics.class).get().scrape());
    }

    @Override
    public void close() {
        server.stop();
        if (cdi.isRunning()) {
            cdi.close();
        }
        if (dataDir != null) {
            TemporaryFiles.delete(dataDir);
        }
    }

    /** Supplies the test's configuration in place of the environment's. */
    static final class FixedConfig implements Extension {
        private final ParleyConfig config;

        FixedConfig(ParleyConfig config) {
            this.config = config;
        }

        void register(@Observes AfterBeanDiscovery event) {
            event.addBean().types(ParleyConfig.class, Object.class).scope(Dependent.class)
                    .createWith(context -> config);
        }
    }
}
