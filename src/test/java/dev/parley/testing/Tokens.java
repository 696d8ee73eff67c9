package dev.parley.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Signs tokens for the tests as a host application would: HS256 with {@link #SECRET} unless told otherwise. */
public final class Tokens {

    /** The shared secret of the tests' {@code parley.jwtSecret}. */
    public static final String SECRET = "parley-tests-shared-secret-0123456789";

    private Tokens() {
    }

    /** The claims of a good token for {@code subject}, audience {@code parley}, expiring at {@code expires}. */
    public static JWTClaimsSet.Builder claims(String subject, Instant expires) {
        return new JWTClaimsSet.Builder().subject(subject).audience("parley").expirationTime(Date.from(expires));
    }

    /** A good HS256 token for {@code subject} named {@code name}, with grants {@code rooms} (room to role). */
    public static String hs256(String subject, String name, Instant expires, Map<String, String> rooms) {
        JWTClaimsSet.Builder claims = claims(subject, expires).claim("name", name);
        if (!rooms.isEmpty()) {
            claims.claim("rooms", rooms);
        }
        return sign(claims.build(), macSigner(SECRET.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, null);
    }

    public static String hs256(String subject, Instant expires) {
        return hs256(subject, subject, expires, Map.of());
    }

    /** Signs {@code claims} with {@code signer} under {@code algorithm}, with {@code kid} in the header unless null. */
    public static String sign(JWTClaimsSet claims, JWSSigner signer, JWSAlgorithm algorithm, String kid) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static MACSigner macSigner(byte[] key) {
        try {
            return new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
