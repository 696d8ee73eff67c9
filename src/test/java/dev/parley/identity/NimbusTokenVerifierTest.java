package dev.parley.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.config.AuthConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.Identity;
import dev.parley.domain.Role;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every attack issue 19 lists against the verifier, with fixed keys and a fixed clock. */
class NimbusTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final Instant LATER = NOW.plusSeconds(600);
    static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    static final ECKey EC = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());

    private final TokenVerifier secretOnly = verifier(Map.of("parley.jwtSecret", Tokens.SECRET));

    @Test
    void aGoodTokenNamesItsUserWithGrantsAndExpiry() throws TokenRefused {
        Identity identity = secretOnly.verify(Tokens.hs256("u-42", "Ada", LATER,
                Map.of("ops", "moderator", "lobby", "member")));

        assertEquals("u-42", identity.subject());
        assertEquals(new UserName("Ada"), identity.name());
        assertEquals(Map.of(new RoomId("ops"), Role.MODERATOR, new RoomId("lobby"), Role.MEMBER), identity.grants());
        assertEquals(LATER, identity.expires());
    }

    @Test
    void theNameIsTheSubjectWithoutANameClaim() throws TokenRefused {
        assertEquals(new UserName("ada"), secretOnly.verify(Tokens.hs256("ada", LATER)).name());
    }

    @Test
    void anExpiredTokenIsRefusedWithoutSkew() {
        assertRefused(secretOnly, Tokens.hs256("ada", NOW), "expired");
        assertRefused(secretOnly, Tokens.hs256("ada", NOW.minusSeconds(5)), "expired");
    }

    @Test
    void aTokenNotYetValidIsRefusedBeyondTheSkew() throws TokenRefused {
        String soon = hs256(Tokens.claims("ada", LATER).notBeforeTime(Date.from(NOW.plusSeconds(30))).build());
        String later = hs256(Tokens.claims("ada", LATER).notBeforeTime(Date.from(NOW.plusSeconds(61))).build());

        assertEquals("ada", secretOnly.verify(soon).subject());
        assertRefused(secretOnly, later, "not valid yet");
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondTheSkew() throws TokenRefused {
        String soon = hs256(Tokens.claims("ada", LATER).issueTime(Date.from(NOW.plusSeconds(59))).build());
        String later = hs256(Tokens.claims("ada", LATER).issueTime(Date.from(NOW.plusSeconds(120))).build());

        assertEquals("ada", secretOnly.verify(soon).subject());
        assertRefused(secretOnly, later, "issued in the future");
    }

    @Test
    void missingExpOrSubIsRefused() {
        assertRefused(secretOnly, hs256(new JWTClaimsSet.Builder().subject("ada").audience("parley").build()), "exp");
        assertRefused(secretOnly, hs256(new JWTClaimsSet.Builder().audience("parley")
                .expirationTime(Date.from(LATER)).build()), "sub");
    }

    @Test
    void aWrongSignatureIsRefused() {
        String other = Tokens.sign(Tokens.claims("ada", LATER).build(),
                Tokens.macSigner("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
                JWSAlgorithm.HS256, null);
        String good = Tokens.hs256("ada", LATER);
        String tampered = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);

        assertRefused(secretOnly, other, "signature");
        assertRefused(secretOnly, tampered, "signature");
    }

    @Test
    void aChangedPayloadIsRefused() {
        String good = Tokens.hs256("ada", LATER);
        String[] parts = good.split("\\.");
        String payload = Base64URL.encode(new JWTClaimsSet.Builder(Tokens.claims("root", LATER).build()).build()
                .toString()).toString();

        assertRefused(secretOnly, parts[0] + "." + payload + "." + parts[2], "signature");
    }

    @Test
    void algNoneIsRefusedInEverySpelling() {
        String payload = Base64URL.encode(Tokens.claims("ada", LATER).build().toString()).toString();

        assertRefused(secretOnly, new PlainJWT(Tokens.claims("ada", LATER).build()).serialize(), "must be signed");
        assertRefused(secretOnly, b64("{\"alg\":\"none\"}") + "." + payload + ".", "must be signed");
        assertRefused(secretOnly, b64("{\"alg\":\"NONE\",\"typ\":\"JWT\"}") + "." + payload + "."
                + b64("x"), "algorithm");
        assertRefused(secretOnly, b64("{\"alg\":\"None\"}") + "." + payload + "." + b64("x"), "algorithm");
    }

    @Test
    void otherAlgorithmsAreRefused() {
        byte[] key = (Tokens.SECRET + Tokens.SECRET).getBytes(StandardCharsets.UTF_8);
        assertRefused(secretOnly, Tokens.sign(Tokens.claims("ada", LATER).build(), Tokens.macSigner(key),
                JWSAlgorithm.HS512, null), "algorithm");
        assertRefused(secretOnly, Tokens.sign(Tokens.claims("ada", LATER).build(), rsaSigner(),
                JWSAlgorithm.RS256, "rsa-1"), "algorithm");
    }

    @Test
    void anHs256TokenSignedWithThePublicKeysBytesIsRefused() {
        PublicKey publicKey = publicKey(RSA);
        byte[] der = publicKey.getEncoded();
        byte[] pem = pem(publicKey).getBytes(StandardCharsets.US_ASCII);
        TokenVerifier publicOnly = verifier(Map.of("parley.jwtPublicKey", pem(publicKey)));
        TokenVerifier both = verifier(Map.of("parley.jwtPublicKey", pem(publicKey), "parley.jwtSecret", Tokens.SECRET));

        for (byte[] key : List.of(der, pem)) {
            String forged = Tokens.sign(Tokens.claims("ada", LATER).build(), Tokens.macSigner(key),
                    JWSAlgorithm.HS256, null);
            assertRefused(publicOnly, forged, "algorithm");
            assertRefused(both, forged, "signature");
        }
    }

    @Test
    void rs256AndEs256TokensAreCheckedWithThePublicKeyOfTheirType() throws TokenRefused {
        TokenVerifier rsa = verifier(Map.of("parley.jwtPublicKey", pem(publicKey(RSA))));
        TokenVerifier ec = verifier(Map.of("parley.jwtPublicKey", pem(publicKey(EC))));
        String rs256 = Tokens.sign(Tokens.claims("ada", LATER).build(), rsaSigner(), JWSAlgorithm.RS256, null);
        String es256 = Tokens.sign(Tokens.claims("bob", LATER).build(), ecSigner(), JWSAlgorithm.ES256, null);

        assertEquals("ada", rsa.verify(rs256).subject());
        assertEquals("bob", ec.verify(es256).subject());
        assertRefused(rsa, es256, "algorithm");
        assertRefused(ec, rs256, "algorithm");
        assertRefused(rsa, Tokens.hs256("ada", LATER), "algorithm");
    }

    @Test
    void theAudienceMustContainTheConfiguredOne() throws TokenRefused {
        TokenVerifier chat = verifier(Map.of("parley.jwtSecret", Tokens.SECRET, "parley.jwtAudience", "chat"));

        assertEquals("ada", chat.verify(hs256(Tokens.claims("ada", LATER).audience(List.of("shop", "chat"))
                .build())).subject());
        assertRefused(chat, Tokens.hs256("ada", LATER), "aud");
        assertRefused(chat, hs256(Tokens.claims("ada", LATER).audience((String) null).build()), "aud");
    }

    @Test
    void theIssuerMustMatchWhenSet() throws TokenRefused {
        TokenVerifier shop = verifier(Map.of("parley.jwtSecret", Tokens.SECRET, "parley.jwtIssuer", "https://shop"));

        assertEquals("ada", shop.verify(hs256(Tokens.claims("ada", LATER).issuer("https://shop").build())).subject());
        assertRefused(shop, hs256(Tokens.claims("ada", LATER).issuer("https://evil").build()), "iss");
        assertRefused(shop, Tokens.hs256("ada", LATER), "iss");
        assertEquals("ada", secretOnly.verify(hs256(Tokens.claims("ada", LATER).issuer("any").build())).subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c", "....", "eyJ.eyJ.", "not a token at all"})
    void malformedTokensAreRefused(String token) {
        assertRefused(secretOnly, token, "");
    }

    @Test
    void aHeaderThatIsNotJsonOrClaimsThatAreNotAnObjectAreRefused() {
        String header = b64("{\"alg\":\"HS256\"}");
        assertRefused(secretOnly, b64("[1]") + "." + b64("{}") + "." + b64("x"), "well-formed");
        assertRefused(secretOnly, header + "." + b64("[1,2]") + "." + b64("x"), "");
        assertRefused(secretOnly, header + "." + b64("{\"exp\":\"tomorrow\"}") + "." + b64("x"), "");
    }

    @Test
    void aHugeTokenIsRefusedBeforeParsing() {
        assertRefused(secretOnly, "a".repeat(NimbusTokenVerifier.MAX_TOKEN_CHARS + 1), "longer");
    }

    @Test
    void aNameThatBreaksTheNameRulesRefusesTheToken() {
        assertRefused(secretOnly, Tokens.hs256("ada", "ada\nadmin", LATER, Map.of()), "name claim");
        assertRefused(secretOnly, Tokens.hs256("ada", "x".repeat(33), LATER, Map.of()), "name claim");
        assertRefused(secretOnly, Tokens.hs256("ada", "   ", LATER, Map.of()), "name claim");
        assertRefused(secretOnly, hs256(Tokens.claims("ada", LATER).claim("name", 42).build()), "name claim");
        assertRefused(secretOnly, hs256(Tokens.claims("a-subject-too-long-to-be-a-chat-name", LATER).build()),
                "sub claim");
    }

    @Test
    void aBadSubjectRefusesTheToken() {
        assertRefused(secretOnly, Tokens.hs256("ada\u0000", "ada", LATER, Map.of()), "sub claim");
        assertRefused(secretOnly, Tokens.hs256("", "ada", LATER, Map.of()), "sub");
    }

    @Test
    void aBadRoomsClaimRefusesTheToken() {
        assertRefused(secretOnly, Tokens.hs256("ada", "ada", LATER, Map.of("no spaces", "member")), "rooms claim");
        assertRefused(secretOnly, Tokens.hs256("ada", "ada", LATER, Map.of("ops", "admin")), "rooms claim");
        assertRefused(secretOnly, hs256(Tokens.claims("ada", LATER).claim("rooms", List.of("ops")).build()),
                "rooms claim");
        assertRefused(secretOnly, hs256(Tokens.claims("ada", LATER).claim("rooms", "ops").build()), "rooms claim");
        assertRefused(secretOnly, hs256(Tokens.claims("ada", LATER).claim("rooms", Map.of("ops", 1)).build()),
                "rooms claim");
    }

    @Test
    void accessTokenTypesAreAcceptedAndOthersRefused() throws TokenRefused {
        JWTClaimsSet claims = Tokens.claims("ada", LATER).build();
        assertEquals("ada", secretOnly.verify(hs256(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("at+jwt")).build(), claims)).subject());
        assertRefused(secretOnly, hs256(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("secevent+jwt")).build(), claims), "typ");
    }

    /** The refusal names what is wrong and never carries the token or a part of it. */
    static String assertRefused(TokenVerifier verifier, String token, String reason) {
        TokenRefused refused = assertThrows(TokenRefused.class, () -> verifier.verify(token));
        String message = refused.getMessage();
        assertTrue(message.contains(reason), message);
        for (String part : token.split("\\.")) {
            assertFalse(part.length() > 3 && message.contains(part), "the refusal shows the token: " + message);
        }
        return message;
    }

    static TokenVerifier verifier(Map<String, String> properties) {
        return new NimbusTokenVerifier(auth(properties), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static AuthConfig auth(Map<String, String> properties) {
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.put("parley.auth", "jwt");
        return ParleyConfig.load(Map.of(), all).auth();
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    static PublicKey publicKey(RSAKey key) {
        return generate(key::toPublicKey);
    }

    static PublicKey publicKey(ECKey key) {
        return generate(key::toPublicKey);
    }

    static RSASSASigner rsaSigner() {
        return generate(() -> new RSASSASigner(RSA));
    }

    static ECDSASigner ecSigner() {
        return generate(() -> new ECDSASigner(EC));
    }

    private static String hs256(JWTClaimsSet claims) {
        return Tokens.sign(claims, Tokens.macSigner(Tokens.SECRET.getBytes(StandardCharsets.UTF_8)),
                JWSAlgorithm.HS256, null);
    }

    private static String hs256(JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        generate(() -> {
            jwt.sign(Tokens.macSigner(Tokens.SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt;
        });
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64URL.encode(json).toString();
    }

    interface Throwing<T> {
        T get() throws Exception;
    }

    static <T> T generate(Throwing<T> make) {
        try {
            return make.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
