package dev.parley.transport.sse;

import dev.parley.application.LogText;
import dev.parley.config.ParleyConfig;
import dev.parley.transport.OriginPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.logging.Logger;

/**
 * The origin check of the fallback, the same as {@code /chat}'s ({@link OriginPolicy}) for the stream and for every
 * POST: a page from another site must neither open a stream with the user's cookies nor post into a connection.
 * <p>
 * One addition: a browser sends no {@code Origin} with a same-origin GET, and {@code EventSource} is one. It does send
 * {@code Sec-Fetch-Site: same-origin} (Fetch Metadata, in every current browser), which a page cannot forge, so a
 * request without {@code Origin} but with that header is the page's own.
 */
@ApplicationScoped
public class PageOrigin {

    private static final Logger LOG = Logger.getLogger(PageOrigin.class.getName());

    @Inject
    ParleyConfig config;

    private OriginPolicy policy;

    @PostConstruct
    void start() {
        policy = new OriginPolicy(config.allowedOrigins(), config.allowMissingOrigin());
    }

    /** Whether the page that sent this request may use the fallback; a refusal is logged. */
    boolean allows(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null && "same-origin".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        String host = request.getHeader("Host");
        if (policy.allows(origin, host, request.getScheme())) {
            return true;
        }
        LOG.warning(() -> "refused a fallback " + request.getMethod() + " from origin " + LogText.quote(origin)
                + " to host " + LogText.quote(host) + " (see parley.allowedOrigins)");
        return false;
    }
}
