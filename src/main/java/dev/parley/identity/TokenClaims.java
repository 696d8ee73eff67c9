package dev.parley.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.parley.domain.Identity;
import dev.parley.domain.Role;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims a verified token must carry, read into an {@link Identity}. Checked here rather than by Nimbus's
 * {@code DefaultJWTClaimsVerifier}, which gives {@code exp} the same clock skew as {@code nbf} (a connection would be
 * let in after its token expired, then closed for it) and words its refusals with the token's own values.
 */
final class TokenClaims {

    /** How far {@code nbf} and {@code iat} may be ahead of this clock. {@code exp} gets none. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private final String audience;
    private final String issuer;
    private final Clock clock;

    /** @param issuer the {@code iss} tokens must have, or null to accept any */
    TokenClaims(String audience, String issuer, Clock clock) {
        this.audience = audience;
        this.issuer = issuer;
        this.clock = clock;
    }

    Identity identity(JWTClaimsSet claims) throws TokenRefused {
        Instant now = clock.instant();
        Instant expires = instant(claims.getExpirationTime());
        if (expires == null) {
            throw new TokenRefused("the token has no exp claim");
        }
        if (!expires.isAfter(now)) {
            throw new TokenRefused("the token has expired");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (notBefore != null && notBefore.isAfter(now.plus(SKEW))) {
            throw new TokenRefused("the token is not valid yet (nbf)");
        }
        Instant issued = instant(claims.getIssueTime());
        if (issued != null && issued.isAfter(now.plus(SKEW))) {
            throw new TokenRefused("the token is issued in the future (iat)");
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new TokenRefused("the token is not meant for this chat (aud)");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new TokenRefused("the token comes from another issuer (iss)");
        }
        String subject = claims.getSubject();
        if (subject == null) {
            throw new TokenRefused("the token has no sub claim");
        }
        try {
            return new Identity(subject, name(claims, subject), rooms(claims.getClaim("rooms")), expires);
        } catch (IllegalArgumentException e) {
            throw new TokenRefused("sub claim: " + e.getMessage());
        }
    }

    private static UserName name(JWTClaimsSet claims, String subject) throws TokenRefused {
        Object name = claims.getClaim("name");
        if (name != null && !(name instanceof String)) {
            throw new TokenRefused("name claim: must be a string");
        }
        try {
            return new UserName(name == null ? subject : (String) name);
        } catch (IllegalArgumentException e) {
            throw new TokenRefused((name == null ? "sub claim (the name without a name claim): " : "name claim: ")
                    + e.getMessage());
        }
    }

    /** {@code {"room": "member" | "moderator" | "owner", ...}}; any other shape refuses the whole token. */
    private static Map<RoomId, Role> rooms(Object claim) throws TokenRefused {
        if (claim == null) {
            return Map.of();
        }
        if (!(claim instanceof Map<?, ?> rooms)) {
            throw new TokenRefused("rooms claim: must be an object of room to role");
        }
        Map<RoomId, Role> grants = new HashMap<>();
        for (Map.Entry<?, ?> grant : rooms.entrySet()) {
            try {
                if (!(grant.getValue() instanceof String role)) {
                    throw new IllegalArgumentException("role must be member, moderator or owner");
                }
                grants.put(new RoomId((String) grant.getKey()), Role.fromWire(role));
            } catch (IllegalArgumentException e) {
                throw new TokenRefused("rooms claim: " + e.getMessage());
            }
        }
        return grants;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
