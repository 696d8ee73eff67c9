package dev.parley.health;

import dev.parley.application.ChatService;
import dev.parley.archive.ArchiveState;
import dev.parley.archive.ArchiveStatus;
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
    private volatile ArchiveState archive;

    /** Asking for the chat here builds it (and its metrics) at startup rather than on the first connection. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object context, ChatService chat, Broker broker) {
        this.broker = broker;
        started = chat != null && broker != null;
    }

    /** The archive, when the deployment has one (read at start, with the chat). */
    void archive(@Observes @Initialized(ApplicationScoped.class) Object context, ArchiveState archive) {
        this.archive = archive;
    }

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        stopping = true;
    }

    /**
     * Ready: started, not stopping, its broker up (a cluster node that cannot reach Redis takes no clients) and its
     * archive answering (messages could not be kept), unless it is written behind a cluster's Redis (posts go on).
     */
    public boolean isReady() {
        ArchiveState current = archive;
        return started && !stopping && broker.status().up() && (current == null || current.status().allowsReady());
    }

    /** The archive's state ({@code off} when there is none), or null before the start. */
    public ArchiveStatus archive() {
        ArchiveState current = archive;
        return current == null ? null : current.status();
    }

    /** The broker's state, or null before the start. */
    public BrokerStatus broker() {
        Broker current = broker;
        return current == null ? null : current.status();
    }
}
