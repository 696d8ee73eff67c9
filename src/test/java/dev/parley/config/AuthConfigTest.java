package dev.parley.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthConfigTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void openIsTheDefaultAndWantsNoKey() {
        AuthConfig auth = ParleyConfig.defaults().auth();

        assertEquals(AuthConfig.Mode.OPEN, auth.mode());
        assertFalse(auth.jwt());
        assertEquals("parley", auth.jwtAudience());
        assertNull(auth.jwtIssuer());
        assertEquals(10_000, auth.authTimeoutMillis());
        assertNull(auth.tokenUrl());
    }

    @ParameterizedTest
    @CsvSource({
        "auth,              PARLEY_AUTH,                jwt",
        "jwtAudience,       PARLEY_JWT_AUDIENCE,        chat",
        "jwtIssuer,         PARLEY_JWT_ISSUER,          https://id.example.com/realms/shop",
        "authTimeoutMillis, PARLEY_AUTH_TIMEOUT_MILLIS, 2500",
        "tokenUrl,          PARLEY_TOKEN_URL,           /session/chat-token",
        "jwtJwksUrl,        PARLEY_JWT_JWKS_URL,        https://id.example.com/jwks"})
    void eachSettingIsReadFromItsVariableAndProperty(String setting, String variable, String value) {
        assertEquals(variable, ParleyConfig.environmentName(setting));
        AuthConfig fromVariable = ParleyConfig.load(Map.of(variable, value, "PARLEY_JWT_SECRET", SECRET), Map.of())
                .auth();
        AuthConfig fromProperty = ParleyConfig.load(Map.of("PARLEY_JWT_SECRET", SECRET),
                Map.of("parley." + setting, value)).auth();

        assertEquals(fromVariable, fromProperty);
        assertTrue(fromVariable.toString().contains(value.equals("jwt") ? "mode=jwt" : value), fromVariable.toString());
    }

    @Test
    void jwtWithoutAnyKeyStopsTheDeploymentNamingTheSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of("PARLEY_AUTH", "jwt"), Map.of()));

        for (String named : new String[] {"parley.jwtSecret", "parley.jwtPublicKey", "parley.jwtJwksUrl"}) {
            assertTrue(e.getMessage().contains(named), e.getMessage());
        }
    }

    @Test
    void anUnknownModeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of("PARLEY_AUTH", "oauth"), Map.of()));

        assertTrue(e.getMessage().contains("parley.auth") && e.getMessage().contains("open or jwt"), e.getMessage());
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of("PARLEY_AUTH", "jwt", "PARLEY_JWT_SECRET", "short-s3cret"), Map.of()));

        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("short-s3cret"), e.getMessage());
    }

    @Test
    void theSecretNeverShowsInTheConfigText() {
        ParleyConfig config = ParleyConfig.load(Map.of("PARLEY_AUTH", "jwt", "PARLEY_JWT_SECRET", SECRET), Map.of());

        assertTrue(config.auth().jwtSecret().matches(SECRET));
        assertFalse(config.toString().contains(SECRET), config.toString());
    }

    @Test
    void aPublicKeyIsReadFromAPemOrAFile(@TempDir Path dir) throws Exception {
        PublicKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        PublicKey ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        Path file = Files.writeString(dir.resolve("ec.pem"), pem(ec));

        assertEquals(rsa, jwt("PARLEY_JWT_PUBLIC_KEY", pem(rsa)).jwtPublicKey());
        assertEquals(ec, jwt("PARLEY_JWT_PUBLIC_KEY", file.toString()).jwtPublicKey());
        assertTrue(jwt("PARLEY_JWT_PUBLIC_KEY", pem(rsa)).toString().contains("jwtPublicKey=RSA"));
    }

    @Test
    void aKeyThatIsNotAPublicKeyPemIsRefusedWithoutShowingIt() {
        String privateKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        for (String value : new String[] {privateKey, "/no/such/file.pem",
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> jwt("PARLEY_JWT_PUBLIC_KEY", value));
            assertTrue(e.getMessage().startsWith("parley.jwtPublicKey"), e.getMessage());
            assertFalse(e.getMessage().contains("MIIE"), e.getMessage());
        }
    }

    @Test
    void theJwksUrlMustBeHttp() {
        assertEquals(URI.create("http://127.0.0.1:8180/certs"),
                jwt("PARLEY_JWT_JWKS_URL", "http://127.0.0.1:8180/certs").jwtJwksUrl());
        for (String bad : new String[] {"file:///etc/passwd", "not a url", "https://"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> jwt("PARLEY_JWT_JWKS_URL", bad));
            assertTrue(e.getMessage().contains("parley.jwtJwksUrl"), e.getMessage());
        }
    }

    @Test
    void theAuthTimeoutHasARange() {
        assertThrows(IllegalArgumentException.class,
                () -> ParleyConfig.load(Map.of("PARLEY_AUTH_TIMEOUT_MILLIS", "0"), Map.of()));
    }

    private static AuthConfig jwt(String variable, String value) {
        return ParleyConfig.load(Map.of("PARLEY_AUTH", "jwt", variable, value), Map.of()).auth();
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }
}
