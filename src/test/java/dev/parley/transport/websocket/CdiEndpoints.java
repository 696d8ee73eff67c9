package dev.parley.transport.websocket;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.websocket.server.ServerEndpoint;
import org.glassfish.tyrus.core.ComponentProvider;

/**
 * Lets standalone Tyrus create endpoints through CDI, as Payara, WildFly and Liberty do, so the tests run the
 * endpoint with its injected {@code ChatService}. Registered in META-INF/services.
 */
public class CdiEndpoints extends ComponentProvider {

    @Override
    public boolean isApplicable(Class<?> type) {
        return type.isAnnotationPresent(ServerEndpoint.class);
    }

    @Override
    public <T> Object create(Class<T> type) {
        return new Unmanaged<>(CDI.current().getBeanManager(), type).newInstance()
                .produce().inject().postConstruct().get();
    }

    @Override
    public boolean destroy(Object instance) {
        return false; // the endpoint holds no CDI resources that need releasing
    }
}
