package dev.parley.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** Supplies the {@link ParleyConfig} read from system properties and the environment. Tests supply their own. */
@ApplicationScoped
public class EnvironmentConfig {

    @Produces
    @Dependent
    ParleyConfig parleyConfig() {
        return ParleyConfig.fromEnvironment();
    }
}
