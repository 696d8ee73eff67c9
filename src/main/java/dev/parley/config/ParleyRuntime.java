package dev.parley.config;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Builds the one {@link ChatService} of this deployment and hands it to whoever injects it. */
@ApplicationScoped
public class ParleyRuntime {

    private static final Logger LOG = Logger.getLogger(ParleyRuntime.class.getName());

    @Inject
    ParleyConfig config;

    @Inject
    ChatMetrics metrics;

    private ChatService chat;

    @PostConstruct
    void start() {
        chat = new ChatService(config, metrics);
        metrics.observe(chat);
        LOG.info(() -> "Parley started with " + config);
    }

    @Produces
    @Dependent
    ChatService chatService() {
        return chat;
    }
}
