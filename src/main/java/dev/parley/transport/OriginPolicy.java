package dev.parley.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pages may open a connection to Parley, over WebSocket or the fallback (the defence against Cross-Site WebSocket
 * Hijacking and cross-site posts): a browser sends the page's origin, and a page from another site must not ride on the
 * user's cookies.
 * <p>
 * Allowed: an origin naming the same scheme, host and port the request was sent to (its {@code Host} header), and
 * every origin in the configured list. An {@code Origin} of {@code null} (sandboxed frames, files) and anything that
 * is not a plain {@code http(s)://host[:port]} is refused. A request without an {@code Origin} header comes from a
 * program, not a browser, and is allowed only when configured.
 */
public final class OriginPolicy {

    private final Set<Origin> allowed;
    private final boolean allowMissing;

    public OriginPolicy(List<String> allowedOrigins, boolean allowMissing) {
        this.allowed = allowedOrigins.stream().map(Origin::parse).filter(Objects::nonNull).collect(Collectors.toSet());
        this.allowMissing = allowMissing;
    }

    /** Whether {@code origin} is a plain {@code http(s)://host[:port]} (so not {@code null}, a file or a URL path). */
    public static boolean isWebOrigin(String origin) {
        return Origin.parse(origin.trim()) != null;
    }

    /**
     * @param origin        the Origin header, null when absent
     * @param host          the Host header, null when absent
     * @param requestScheme {@code ws}, {@code wss}, {@code http} or {@code https}; null when the container does not say
     */
    public boolean allows(String origin, String host, String requestScheme) {
        if (origin == null) {
            return allowMissing;
        }
        Origin from = Origin.parse(origin.trim());
        if (from == null) {
            return false;
        }
        return allowed.contains(from) || from.isSameSiteAs(host, requestScheme);
    }

    /** A web origin: scheme, host and port, with the default port filled in. */
    private record Origin(String scheme, String host, int port) {

        static Origin parse(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
                if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || !bare) {
                    return null;
                }
                return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT),
                        uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort());
            } catch (URISyntaxException e) {
                return null;
            }
        }

        /** Whether a request sent to {@code host} (a Host header) over {@code requestScheme} is to this origin. */
        boolean isSameSiteAs(String hostHeader, String requestScheme) {
            if (hostHeader == null) {
                return false;
            }
            String scheme = webScheme(requestScheme);
            if (scheme != null && !scheme.equals(this.scheme)) {
                return false;
            }
            Origin target = parse((scheme == null ? this.scheme : scheme) + "://" + hostHeader.trim());
            return equals(target);
        }

        private static String webScheme(String requestScheme) {
            if (requestScheme == null) {
                return null;
            }
            return switch (requestScheme.toLowerCase(Locale.ROOT)) {
                case "ws", "http" -> "http";
                case "wss", "https" -> "https";
                default -> null;
            };
        }

        private static int defaultPort(String scheme) {
            return "https".equals(scheme) ? 443 : 80;
        }
    }
}
