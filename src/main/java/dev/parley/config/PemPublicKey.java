package dev.parley.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code -----BEGIN PUBLIC KEY-----} PEM (X.509 SubjectPublicKeyInfo, what {@code openssl pkey -pubout} and
 * identity providers export) into an RSA or EC key, with the JDK alone: Nimbus reads PEM only with BouncyCastle,
 * which the WAR does not bundle.
 */
final class PemPublicKey {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private PemPublicKey() {
    }

    /**
     * @param value the PEM itself, or the path of a file holding it
     * @throws IllegalArgumentException saying what is wrong (never the value: a misplaced private key must not be
     *                                  printed)
     */
    static PublicKey read(String value) {
        String pem = value.contains("-----BEGIN") ? value : file(value);
        Matcher matcher = PEM.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException("must be a PEM public key (-----BEGIN PUBLIC KEY-----) or a file "
                    + "holding one");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM's base64 is not valid");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the PEM holds neither an RSA nor an EC public key");
    }

    private static String file(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException("is neither a PEM nor a readable file ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
