package dev.parley.health;

import dev.parley.application.ChatService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * Whether the deployment takes traffic: from the start of the application context (the container has deployed the
 * WAR, endpoint included, and the chat service is built) until that context begins to be destroyed (undeploy or
 * shutdown).
 */
@ApplicationScoped
public class Readiness {

    private volatile boolean started;
    private volatile boolean stopping;

    /** Asking for the chat here builds it (and its metrics) at startup rather than on the first connection. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object context, ChatService chat) {
        started = chat != null;
    }

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        stopping = true;
    }

    public boolean isReady() {
        return started && !stopping;
    }
}
