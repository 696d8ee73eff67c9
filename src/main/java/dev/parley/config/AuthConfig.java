package dev.parley.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Locale;

/**
 * How connections prove who they are: {@code open} (anyone picks a name, or the container's login binds it) or
 * {@code jwt} (the first frame carries a JSON Web Token the host application signed). docs/operations.md, "Identity".
 *
 * @param mode              {@code open} (the default) or {@code jwt}
 * @param jwtSecret         the HS256 key, at least 32 bytes; never printed
 * @param jwtPublicKey      an RSA (RS256) or EC P-256 (ES256) public key, or null
 * @param jwtJwksUrl        a JWKS document of RS256/ES256 keys, or null
 * @param jwtAudience       a token's {@code aud} must contain it
 * @param jwtIssuer         a token's {@code iss} must equal it; null checks no issuer
 * @param authTimeoutMillis a {@code jwt} connection without a valid {@code auth} by then is closed with 1008
 * @param tokenUrl          where the page fetches its token (a URL of the host application), or null
 */
public record AuthConfig(Mode mode, Secret jwtSecret, PublicKey jwtPublicKey, URI jwtJwksUrl, String jwtAudience,
                         String jwtIssuer, int authTimeoutMillis, String tokenUrl) {

    /** Shortest HS256 secret: RFC 7518 wants a key as long as the hash. */
    public static final int MIN_SECRET_BYTES = 32;

    public enum Mode {
        OPEN, JWT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AuthConfig {
        if (mode == Mode.JWT && !jwtSecret.isSet() && jwtPublicKey == null && jwtJwksUrl == null) {
            throw new IllegalArgumentException("parley.auth=jwt needs a key to check tokens with: set parley.jwtSecret "
                    + "(PARLEY_JWT_SECRET), parley.jwtPublicKey (PARLEY_JWT_PUBLIC_KEY) or parley.jwtJwksUrl "
                    + "(PARLEY_JWT_JWKS_URL)");
        }
        if (jwtSecret.isSet() && jwtSecret.reveal().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            // Never the value, not even a part of it.
            throw new IllegalArgumentException("parley.jwtSecret (PARLEY_JWT_SECRET) must be at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
    }

    /** Whether connections must send a token before anything else. */
    public boolean jwt() {
        return mode == Mode.JWT;
    }

    static AuthConfig load(ParleyConfig.Source source) {
        return new AuthConfig(
                mode(source.string("auth")),
                new Secret(source.string("jwtSecret")),
                publicKey(source.string("jwtPublicKey")),
                jwksUrl(source.string("jwtJwksUrl")),
                source.string("jwtAudience") == null ? "parley" : source.string("jwtAudience"),
                source.string("jwtIssuer"),
                source.integer("authTimeoutMillis", 10_000, 100, 600_000),
                source.string("tokenUrl"));
    }

    private static Mode mode(String value) {
        if (value == null) {
            return Mode.OPEN;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "open" -> Mode.OPEN;
            case "jwt" -> Mode.JWT;
            default -> throw new IllegalArgumentException("parley.auth (PARLEY_AUTH) must be open or jwt, not '"
                    + value + "'");
        };
    }

    private static PublicKey publicKey(String value) {
        if (value == null) {
            return null;
        }
        try {
            return PemPublicKey.read(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parley.jwtPublicKey (PARLEY_JWT_PUBLIC_KEY): " + e.getMessage(), e);
        }
    }

    private static URI jwksUrl(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("parley.jwtJwksUrl (PARLEY_JWT_JWKS_URL) must be an http or https URL, not '"
                + value + "'");
    }

    /** The mode and which keys are set; never the secret. */
    @Override
    public String toString() {
        return "AuthConfig[mode=" + mode.wire() + ", jwtSecret=" + jwtSecret + ", jwtPublicKey="
                + (jwtPublicKey == null ? "(none)" : jwtPublicKey.getAlgorithm()) + ", jwtJwksUrl=" + jwtJwksUrl
                + ", jwtAudience=" + jwtAudience + ", jwtIssuer=" + jwtIssuer + ", authTimeoutMillis="
                + authTimeoutMillis + ", tokenUrl=" + tokenUrl + "]";
    }
}
