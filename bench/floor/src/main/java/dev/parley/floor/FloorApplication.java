package dev.parley.floor;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/**
 * Deploys the one endpoint, {@code /chat}. The container calls this once per deployment, so the rooms made here are
 * shared by every connection for the application's life, and no state is static.
 */
public class FloorApplication implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        Rooms rooms = new Rooms();
        Frames frames = new Frames();
        return Set.of(ServerEndpointConfig.Builder.create(FloorEndpoint.class, "/chat")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new FloorEndpoint(rooms, frames));
                    }
                })
                .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
