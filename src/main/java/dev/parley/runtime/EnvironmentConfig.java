package dev.parley.runtime;

import dev.parley.config.ParleyConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Supplies the {@link ParleyConfig} read once, at startup, from system properties and the environment. Tests supply
 * their own.
 */
@ApplicationScoped
public class EnvironmentConfig {

    private ParleyConfig config;

    @PostConstruct
    void read() {
        config = ParleyConfig.fromEnvironment();
    }

    @Produces
    @Dependent
    ParleyConfig parleyConfig() {
        return config;
    }
}
