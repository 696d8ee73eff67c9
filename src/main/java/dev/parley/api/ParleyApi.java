package dev.parley.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API at {@code /api}; its resources and providers are found by the container's scan. */
@ApplicationPath("/api")
public class ParleyApi extends Application {
}
