package dev.parley.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

    private final OriginPolicy sameOriginOnly = new OriginPolicy(List.of(), false);

    @ParameterizedTest
    @CsvSource({
            "http://chat.example.com,         chat.example.com,       ws",
            "http://chat.example.com:80,      chat.example.com,       ws",
            "http://chat.example.com,         chat.example.com:80,    ws",
            "https://chat.example.com,        chat.example.com,       wss",
            "https://chat.example.com:443,    chat.example.com:443,   wss",
            "http://127.0.0.1:8080,           127.0.0.1:8080,         ws",
            "HTTP://Chat.Example.COM:8080,    chat.example.com:8080,  ws",
            "http://[::1]:8080,               [::1]:8080,             ws",
            "http://localhost:8080,           localhost:8080,         http",
    })
    void allowsThePageOfTheHostTheRequestWasSentTo(String origin, String host, String scheme) {
        assertTrue(sameOriginOnly.allows(origin, host, scheme));
    }

    @Test
    void allowsTheSameHostWhenTheContainerDoesNotTellTheScheme() {
        assertTrue(sameOriginOnly.allows("https://chat.example.com", "chat.example.com", null));
        assertTrue(sameOriginOnly.allows("http://chat.example.com:8080", "chat.example.com:8080", null));
    }

    @ParameterizedTest
    @CsvSource({
            "http://evil.example,                  chat.example.com",
            "http://chat.example.com.evil.com,     chat.example.com",
            "http://evil.com/chat.example.com,     chat.example.com",
            "http://chat.example.com@evil.com,     chat.example.com",
            "http://evilchat.example.com,          chat.example.com",
            "http://example.com,                   chat.example.com",
            "http://chat.example.com:8081,         chat.example.com:8080",
            "http://chat.example.com:8080,         chat.example.com",
            "http://chat.example.com,              chat.example.com:8080",
            "http://127.0.0.1:8080,                localhost:8080",
    })
    void refusesAnotherHostOrPort(String origin, String host) {
        assertFalse(sameOriginOnly.allows(origin, host, "ws"));
    }

    @Test
    void refusesTheWrongScheme() {
        assertFalse(sameOriginOnly.allows("https://chat.example.com", "chat.example.com", "ws"));
        assertFalse(sameOriginOnly.allows("http://chat.example.com", "chat.example.com", "wss"));
        assertFalse(sameOriginOnly.allows("https://chat.example.com:8080", "chat.example.com:8080", "ws"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", " ", "file://", "file:///home/ada/chat.html", "chrome-extension://abcdef",
            "ftp://chat.example.com", "chat.example.com", "//chat.example.com", "http://", "http:// chat.example.com",
            "http://chat.example.com/", "http://chat.example.com/path", "http://chat.example.com?x=1",
            "http://chat.example.com#x", "http://chat.example.com\r\nX-Evil: 1"})
    void refusesWhatIsNotAWebOrigin(String origin) {
        assertFalse(OriginPolicy.isWebOrigin(origin), origin);
        assertFalse(sameOriginOnly.allows(origin, "chat.example.com", "ws"), origin);
    }

    @Test
    void refusesAMissingHost() {
        assertFalse(sameOriginOnly.allows("http://chat.example.com", null, "ws"));
    }

    @Test
    void refusesAMissingOriginUnlessConfigured() {
        assertFalse(sameOriginOnly.allows(null, "chat.example.com", "ws"));
        assertTrue(new OriginPolicy(List.of(), true).allows(null, "chat.example.com", "ws"));
    }

    @Test
    void allowingAMissingOriginDoesNotAllowAForeignOne() {
        OriginPolicy programsToo = new OriginPolicy(List.of(), true);

        assertFalse(programsToo.allows("http://evil.example", "chat.example.com", "ws"));
        assertFalse(programsToo.allows("null", "chat.example.com", "ws"));
    }

    @Test
    void allowsConfiguredOriginsWhateverTheHost() {
        OriginPolicy policy = new OriginPolicy(List.of("https://app.example.com", "http://localhost:3000"), false);

        assertTrue(policy.allows("https://app.example.com", "parley.internal:8080", "ws"));
        assertTrue(policy.allows("https://app.example.com:443", "parley.internal:8080", "ws"));
        assertTrue(policy.allows("http://localhost:3000", "parley.internal:8080", "ws"));
        assertFalse(policy.allows("http://app.example.com", "parley.internal:8080", "ws"));
        assertFalse(policy.allows("https://app.example.com.evil.com", "parley.internal:8080", "ws"));
        assertFalse(policy.allows("http://localhost:3001", "parley.internal:8080", "ws"));
    }

    @Test
    void ignoresConfiguredEntriesThatAreNotOrigins() {
        OriginPolicy policy = new OriginPolicy(List.of("null", "*", "app.example.com"), false);

        assertFalse(policy.allows("null", "chat.example.com", "ws"));
        assertFalse(policy.allows("http://app.example.com", "chat.example.com", "ws"));
    }
}
