package dev.parley.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * The keys a token may be checked with, each pinned to its algorithm (RFC 8725): the shared secret only for HS256, the
 * configured public key only for the algorithm of its type (RS256 for RSA, ES256 for EC P-256), the JWKS's keys only
 * for RS256 and ES256. So {@code alg: none}, any other algorithm, and an HS256 token "signed" with a public key's
 * bytes find no key, or a key their signature does not match.
 */
final class TokenKeys implements JWSKeySelector<SecurityContext> {

    /** The algorithms a public key or the JWKS is used with. */
    static final Set<JWSAlgorithm> PUBLIC_KEY_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final SecretKey secret;
    private final PublicKey publicKey;
    private final JWSAlgorithm publicKeyAlgorithm;
    private final JWSKeySelector<SecurityContext> jwks;

    /**
     * @param secret    the HS256 key, or null
     * @param publicKey an RSA or EC P-256 key, or null
     * @param jwks      selects RS256/ES256 keys of a JWKS by the token's {@code kid}, or null
     * @throws IllegalArgumentException for an EC key on another curve than P-256
     */
    TokenKeys(SecretKey secret, PublicKey publicKey, JWSKeySelector<SecurityContext> jwks) {
        this.secret = secret;
        this.publicKey = publicKey;
        this.publicKeyAlgorithm = publicKey == null ? null : algorithmOf(publicKey);
        this.jwks = jwks;
    }

    /** Every algorithm some configured key is for. */
    Set<JWSAlgorithm> algorithms() {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        if (secret != null) {
            algorithms.add(JWSAlgorithm.HS256);
        }
        if (publicKeyAlgorithm != null) {
            algorithms.add(publicKeyAlgorithm);
        }
        if (jwks != null) {
            algorithms.addAll(PUBLIC_KEY_ALGORITHMS);
        }
        return algorithms;
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (JWSAlgorithm.HS256.equals(algorithm)) {
            return secret == null ? List.of() : List.of(secret);
        }
        List<Key> keys = new ArrayList<>();
        if (algorithm.equals(publicKeyAlgorithm)) {
            keys.add(publicKey);
        }
        if (jwks != null && PUBLIC_KEY_ALGORITHMS.contains(algorithm)) {
            keys.addAll(jwks.selectJWSKeys(header, context));
        }
        return keys;
    }

    private static JWSAlgorithm algorithmOf(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return JWSAlgorithm.ES256;
        }
        throw new IllegalArgumentException("parley.jwtPublicKey must be an RSA key (RS256) or an EC P-256 key (ES256)");
    }
}
