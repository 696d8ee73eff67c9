package dev.parley.api;

import dev.parley.config.ParleyConfig;
import dev.parley.config.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * Lets a request into the API only with {@code Authorization: Bearer <parley.apiToken>}. Without a configured token
 * the API does not exist (404), so a server nobody configured exposes nothing. Refusals are logged with the method and
 * path, never with what the client sent as a token. The API's description ({@link OpenApiResource}) needs no token: it
 * tells nothing about this server that the repository does not.
 */
@Provider
@PreMatching
@ApplicationScoped
public class BearerTokenFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class.getName());
    private static final String SCHEME = "Bearer ";

    @Inject
    ParleyConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isDescription(request.getUriInfo().getPath())) {
            return;
        }
        Secret token = config.apiToken();
        if (!token.isSet()) {
            request.abortWith(new ApiError(404, "api_disabled",
                    "the HTTP API is disabled: no API token is configured").toResponse());
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String offered = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).trim() : null;
        if (!token.matches(offered)) {
            LOG.info(() -> "refused " + request.getMethod() + " /" + request.getUriInfo().getPath()
                    + (offered == null ? ": no bearer token" : ": wrong bearer token"));
            ApiError refusal = new ApiError(401, "unauthorized", offered == null
                    ? "an Authorization: Bearer token is required" : "the bearer token is not valid");
            request.abortWith(Response.fromResponse(refusal.toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
    }

    /** The path relative to {@code /api}, with a leading slash on some implementations (RESTEasy) and not on others. */
    private static boolean isDescription(String path) {
        return (path.startsWith("/") ? path.substring(1) : path).equals(OpenApiResource.PATH);
    }
}
