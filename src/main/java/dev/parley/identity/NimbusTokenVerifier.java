package dev.parley.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.parley.config.AuthConfig;
import dev.parley.domain.Identity;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies tokens with Nimbus JOSE+JWT: a signed JWT (JWS) whose algorithm one of the configured keys is pinned to
 * ({@link TokenKeys}), whose signature that key checks, and whose claims {@link TokenClaims} accepts. A JWKS is
 * cached, fetched again for an unknown {@code kid} at most once per {@link JwksTimings#rateLimit}, and kept through
 * an outage of its server for {@link JwksTimings#outage}.
 */
public final class NimbusTokenVerifier implements TokenVerifier {

    private static final Logger LOG = Logger.getLogger(NimbusTokenVerifier.class.getName());
    /** Longest token taken: far above what identity providers issue, far below the frame limit's worst case. */
    static final int MAX_TOKEN_CHARS = 16_384;

    /**
     * How the JWKS is kept: how long a fetched set is used, how often an unknown {@code kid} may fetch it again, how
     * long a set is kept while its server fails, and how long one fetch may take.
     */
    public record JwksTimings(Duration cache, Duration rateLimit, Duration outage, Duration timeout) {
        public static final JwksTimings DEFAULT = new JwksTimings(Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofHours(24), Duration.ofSeconds(5));
    }

    private final TokenKeys keys;
    private final TokenClaims claims;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public NimbusTokenVerifier(AuthConfig config, Clock clock) {
        this(config, clock, JwksTimings.DEFAULT);
    }

    /** @throws IllegalArgumentException when a configured key cannot be used (named in the message) */
    public NimbusTokenVerifier(AuthConfig config, Clock clock, JwksTimings timings) {
        this.keys = new TokenKeys(
                config.jwtSecret().isSet() ? new SecretKeySpec(
                        config.jwtSecret().reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256") : null,
                config.jwtPublicKey(),
                config.jwtJwksUrl() == null ? null : new JWSVerificationKeySelector<>(
                        TokenKeys.PUBLIC_KEY_ALGORITHMS, jwks(config, timings)));
        this.claims = new TokenClaims(config.jwtAudience(), config.jwtIssuer(), clock);
        processor.setJWSKeySelector(keys);
        // Plain JWTs, and the typ of access tokens (RFC 9068) that identity providers issue.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(null); // TokenClaims checks them, see there
    }

    private static JWKSource<SecurityContext> jwks(AuthConfig config, JwksTimings timings) {
        int timeout = (int) timings.timeout().toMillis();
        try {
            return JWKSourceBuilder.<SecurityContext>create(config.jwtJwksUrl().toURL(),
                            new DefaultResourceRetriever(timeout, timeout, 512 * 1024))
                    .cache(timings.cache().toMillis(), timings.timeout().toMillis())
                    .refreshAheadCache(false)
                    .rateLimited(timings.rateLimit().toMillis())
                    .retrying(false)
                    .outageTolerant(timings.outage().toMillis())
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("parley.jwtJwksUrl is not a URL", e);
        }
    }

    @Override
    public Identity verify(String token) throws TokenRefused {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRefused("the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRefused("the token is not a well-formed JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRefused("the token must be signed (alg none and encrypted tokens are refused)");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!keys.algorithms().contains(algorithm)) {
            throw new TokenRefused("the token's algorithm is not accepted here (accepted: " + keys.algorithms() + ")");
        }
        try {
            return claims.identity(processor.process(signed, null));
        } catch (BadJWSException e) {
            throw new TokenRefused("the token's signature does not match its key");
        } catch (BadJWTException e) {
            throw new TokenRefused("the token's claims are not well-formed");
        } catch (RateLimitReachedException e) {
            throw new TokenRefused("no key matches the token's kid");
        } catch (BadJOSEException e) {
            throw new TokenRefused("no key matches the token (its typ, alg or kid)");
        } catch (KeySourceException e) {
            // The operator's problem, not the client's: logged without the token, which is not in the exception.
            LOG.log(Level.WARNING, "the JWKS at parley.jwtJwksUrl cannot be fetched: " + e.getMessage());
            throw new TokenRefused("the keys to check the token with cannot be fetched now; try again later");
        } catch (JOSEException e) {
            LOG.log(Level.WARNING, "a token could not be verified: " + e.getClass().getName());
            throw new TokenRefused("the token could not be verified");
        }
    }
}
