package dev.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.config.ParleyConfig;
import dev.parley.testing.FakeHttpResponse;
import dev.parley.testing.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignInServletTest {

    private final SignInServlet servlet = new SignInServlet();
    private final FakeHttpResponse response = new FakeHttpResponse();

    @Test
    void openModeSaysOpen() throws Exception {
        servlet.config = ParleyConfig.defaults();

        servlet.doGet(null, response.response());

        assertEquals("{\"auth\":\"open\"}", response.body());
        assertEquals("application/json", response.contentType());
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @Test
    void jwtModeSaysWhereTheTokenComesFromAndNothingSecret() throws Exception {
        servlet.config = ParleyConfig.load(Map.of("PARLEY_AUTH", "jwt", "PARLEY_JWT_SECRET", Tokens.SECRET,
                "PARLEY_TOKEN_URL", "http://localhost:8000/token"), Map.of());

        servlet.doGet(null, response.response());

        assertEquals("{\"auth\":\"jwt\",\"tokenUrl\":\"http://localhost:8000/token\"}", response.body());
    }
}
