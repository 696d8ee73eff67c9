package dev.parley.transport.websocket;

import dev.parley.config.ParleyConfig;
import dev.parley.config.ParleyRuntime;
import dev.parley.testing.FreePort;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.Server;

/** The real endpoint on Tyrus (Grizzly) in this JVM, wired by CDI (Weld SE) with a given configuration. */
final class ParleyServer implements AutoCloseable {

    private final SeContainer cdi;
    private final Server server;

    private ParleyServer(SeContainer cdi, Server server) {
        this.cdi = cdi;
        this.server = server;
    }

    static ParleyServer start(ParleyConfig config) throws Exception {
        SeContainer cdi = SeContainerInitializer.newInstance()
                .disableDiscovery()
                .addBeanClasses(ParleyRuntime.class)
                .addExtensions(new FixedConfig(config))
                .initialize();
        Server server = new Server("127.0.0.1", freePort(), "/", Map.of(), ChatEndpoint.class);
        try {
            server.start();
        } catch (Exception e) {
            cdi.close();
            throw e;
        }
        return new ParleyServer(cdi, server);
    }

    static ParleyServer start() throws Exception {
        return start(ParleyConfig.defaults());
    }

    /** Tyrus takes port 0 to mean its default, 8025; ask the OS for a free one instead. */
    private static int freePort() throws IOException {
        return FreePort.pick(); // not ServerSocket(0): its port can be taken before the server binds it
    }

    URI chatUri() {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/chat");
    }

    @Override
    public void close() {
        server.stop();
        cdi.close();
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
