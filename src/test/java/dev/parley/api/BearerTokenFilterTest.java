package dev.parley.api;

import static dev.parley.api.RoomsResourceTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.config.ParleyConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who gets into the API: only the configured bearer token, and nobody when none is configured. */
class BearerTokenFilterTest {

    @Test
    void theRightTokenPasses() {
        assertNull(filter("s3cret", "Bearer s3cret"));
        assertNull(filter("s3cret", "bearer s3cret"), "the scheme is case-insensitive");
    }

    @Test
    void aMissingTokenIs401WithAJsonBody() {
        Response refused = filter("s3cret", null);

        assertEquals(401, refused.getStatus());
        assertEquals("Bearer", refused.getHeaderString("WWW-Authenticate"));
        assertEquals("unauthorized", json((String) refused.getEntity()).getString("code"));
    }

    @Test
    void aWrongTokenOrSchemeIs401() {
        assertEquals(401, filter("s3cret", "Bearer s3cre").getStatus());
        assertEquals(401, filter("s3cret", "Bearer s3cret2").getStatus());
        assertEquals(401, filter("s3cret", "Basic s3cret").getStatus());
        assertEquals(401, filter("s3cret", "s3cret").getStatus());
        assertEquals(401, filter("s3cret", "Bearer ").getStatus());
    }

    @Test
    void withoutAConfiguredTokenTheApiIsNotThere() {
        Response refused = filter(null, "Bearer anything");

        assertEquals(404, refused.getStatus());
        assertEquals("api_disabled", json((String) refused.getEntity()).getString("code"));
        assertEquals(404, filter(null, null).getStatus());
    }

    @Test
    void theDescriptionNeedsNoToken() {
        assertNull(filter("s3cret", null, "openapi.json"));
        assertNull(filter(null, null, "/openapi.json"), "with the API disabled; RESTEasy's paths start with a slash");
        assertEquals(401, filter("s3cret", null, "rooms/openapi.json").getStatus());
    }

    private static Response filter(String configuredToken, String authorization) {
        return filter(configuredToken, authorization, "rooms");
    }

    /** Runs the filter on a request for the path with that Authorization header; the response aborted with, or null. */
    private static Response filter(String configuredToken, String authorization, String path) {
        BearerTokenFilter filter = new BearerTokenFilter();
        filter.config = ParleyConfig.load(Map.of(),
                configuredToken == null ? Map.of() : Map.of("parley.apiToken", configuredToken));
        Response[] aborted = new Response[1];
        UriInfo uri = fake(UriInfo.class, (name, args) -> name.equals("getPath") ? path : null);
        ContainerRequestContext request = fake(ContainerRequestContext.class, (name, args) -> switch (name) {
            case "getHeaderString" -> "Authorization".equals(args[0]) ? authorization : null;
            case "getMethod" -> "GET";
            case "getUriInfo" -> uri;
            case "abortWith" -> aborted[0] = (Response) args[0];
            default -> throw new UnsupportedOperationException(name);
        });
        filter.filter(request);
        return aborted[0];
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
