package dev.parley.identity;

import static dev.parley.identity.NimbusTokenVerifierTest.EC;
import static dev.parley.identity.NimbusTokenVerifierTest.LATER;
import static dev.parley.identity.NimbusTokenVerifierTest.NOW;
import static dev.parley.identity.NimbusTokenVerifierTest.RSA;
import static dev.parley.identity.NimbusTokenVerifierTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.parley.testing.Await;
import dev.parley.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys from an identity provider's JWKS: rotation, unknown key ids, the provider down. */
class JwksTest {

    static final RSAKey ROTATED = NimbusTokenVerifierTest.generate(() -> new RSAKeyGenerator(2048).keyID("rsa-2")
            .generate());

    private JwksServer jwks;

    @BeforeEach
    void start() throws Exception {
        jwks = new JwksServer();
        jwks.serve(List.of(RSA, EC));
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    @Test
    void tokensSignedWithTheProvidersKeysAreAcceptedByKid() throws TokenRefused {
        TokenVerifier verifier = verifier(NimbusTokenVerifier.JwksTimings.DEFAULT);

        assertEquals("ada", verifier.verify(rs256(RSA, "ada")).subject());
        assertEquals("bob", verifier.verify(Tokens.sign(Tokens.claims("bob", LATER).build(),
                NimbusTokenVerifierTest.ecSigner(), JWSAlgorithm.ES256, "ec-1")).subject());
        assertEquals(1, jwks.requests(), "the JWKS is fetched once and cached");
    }

    @Test
    void aNewKidIsAcceptedWithoutARestart() throws TokenRefused {
        TokenVerifier verifier = verifier(NimbusTokenVerifier.JwksTimings.DEFAULT);
        assertEquals("ada", verifier.verify(rs256(RSA, "ada")).subject());

        jwks.serve(List.of(ROTATED));

        assertEquals("bob", verifier.verify(rs256(ROTATED, "bob")).subject());
        assertEquals(2, jwks.requests());
    }

    @Test
    void unknownKidsDoNotHammerTheProvider() {
        // A rate limit no test run outlasts: the count does not depend on how fast the machine is.
        TokenVerifier verifier = verifier(new NimbusTokenVerifier.JwksTimings(Duration.ofHours(2),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(5)));
        String unknown = rs256(ROTATED, "mallory");

        for (int i = 0; i < 100; i++) {
            assertRefused(verifier, unknown, "kid");
        }

        // One fetch to fill the cache, one more that an unknown kid may cause (a rotation), then none.
        assertTrue(jwks.requests() <= 2, "100 unknown kids fetched the JWKS " + jwks.requests() + " times");
    }

    @Test
    void anHs256TokenSignedWithAProvidersPublicKeyIsRefused() {
        TokenVerifier verifier = verifier(NimbusTokenVerifier.JwksTimings.DEFAULT);
        byte[] publicBytes = NimbusTokenVerifierTest.publicKey(RSA).getEncoded();

        assertRefused(verifier, Tokens.sign(Tokens.claims("ada", LATER).build(), Tokens.macSigner(publicBytes),
                JWSAlgorithm.HS256, "rsa-1"), "algorithm");
        assertRefused(verifier, Tokens.sign(Tokens.claims("ada", LATER).build(),
                Tokens.macSigner(RSA.toJSONString().getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, "rsa-1"),
                "algorithm");
    }

    @Test
    void theCachedKeysOutliveAnOutageOfTheProvider() throws TokenRefused {
        // A cache of 200 ms, so that the outage comes after the cached set is stale.
        TokenVerifier verifier = verifier(new NimbusTokenVerifier.JwksTimings(Duration.ofMillis(200),
                Duration.ofMillis(100), Duration.ofHours(1), Duration.ofSeconds(2)));
        assertEquals("ada", verifier.verify(rs256(RSA, "ada")).subject());

        jwks.down(true);

        int before = jwks.requests();
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                verifier.verify(rs256(RSA, "ada"));
            } catch (TokenRefused e) {
                throw new AssertionError("refused while the provider is down: " + e.getMessage());
            }
            return jwks.requests() > before;
        }, "a fetch of the stale JWKS that failed");
        assertEquals("ada", verifier.verify(rs256(RSA, "ada")).subject());
    }

    @Test
    void aProviderThatWasNeverReachedRefusesTokensWithAReasonForTheClient() {
        jwks.down(true);
        TokenVerifier verifier = verifier(NimbusTokenVerifier.JwksTimings.DEFAULT);

        assertRefused(verifier, rs256(RSA, "ada"), "cannot be fetched");
    }

    private TokenVerifier verifier(NimbusTokenVerifier.JwksTimings timings) {
        return new NimbusTokenVerifier(NimbusTokenVerifierTest.auth(Map.of("parley.jwtJwksUrl", jwks.url())),
                Clock.fixed(NOW, ZoneOffset.UTC), timings);
    }

    private static String rs256(JWK key, String subject) {
        RSASSASigner signer = NimbusTokenVerifierTest.generate(() -> new RSASSASigner(key.toRSAKey()));
        return Tokens.sign(Tokens.claims(subject, LATER).build(), signer, JWSAlgorithm.RS256, key.getKeyID());
    }
}
