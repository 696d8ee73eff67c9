package dev.parley.health;

import dev.parley.application.ChatService;
import dev.parley.broker.Broker;
import dev.parley.broker.BrokerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * Whether the deployment takes traffic: from the start of the application context (the container has deployed the
 * WAR, endpoint included, and the chat service is built) until that context begins to be destroyed (undeploy or
 * shutdown), while its broker is up.
 */
@ApplicationScoped
public class Readiness {

    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Broker broker;

    /** Asking for the chat here builds it (and its metrics) at startup rather than on the first connection. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object context, ChatService chat, Broker broker) {
        this.broker = broker;
        started = chat != null && broker != null;
    }

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        stopping = true;
    }

    /** Ready: started, not stopping, and its broker up (a cluster node that cannot reach Redis takes no clients). */
    public boolean isReady() {
        return started && !stopping && broker.status().up();
    }

    /** The broker's state, or null before the start. */
    public BrokerStatus broker() {
        Broker current = broker;
        return current == null ? null : current.status();
    }
}
