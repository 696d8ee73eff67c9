package dev.parley.api;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The served description (openapi.json) says exactly what the WAR serves: every path and method of the Jakarta REST
 * resources (under the application's {@code @ApplicationPath}) and of the servlets ({@code @WebServlet} mappings, the
 * {@code doGet}/{@code doPost}/... each overrides) is described, and nothing else. The WebSocket endpoint is not HTTP
 * and is left to docs/protocol.md; HEAD and OPTIONS, which the containers answer for every GET, are not listed.
 */
class OpenApiDocumentTest {

    private static final Map<String, String> SERVLET_METHODS = Map.of(
            "doGet", "GET", "doPost", "POST", "doPut", "PUT", "doDelete", "DELETE", "doPatch", "PATCH");

    @Test
    void isAValidOpenApi31Document() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document(), null, options);

        assertEquals(List.of(), messages(parsed.getMessages()), "what the OpenAPI parser finds wrong");
        assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
        assertTrue(parsed.getOpenAPI().getComponents().getSchemas().containsKey("ApiError"));
        assertTrue(parsed.getOpenAPI().getComponents().getSecuritySchemes().containsKey("operatorToken"));
    }

    @Test
    void describesExactlyWhatTheWarServes() throws Exception {
        Set<String> served = served();
        Set<String> described = described();

        Set<String> undescribed = new TreeSet<>(served);
        undescribed.removeAll(described);
        Set<String> notServed = new TreeSet<>(described);
        notServed.removeAll(served);
        assertAll(
                () -> assertEquals(Set.of(), undescribed, "served but not described in " + OpenApiResource.DOCUMENT),
                () -> assertEquals(Set.of(), notServed, "described in " + OpenApiResource.DOCUMENT + ", not served"));
        assertTrue(served.contains("GET /api/openapi.json"), "the scan finds the resources: " + served);
        assertTrue(served.contains("POST /fallback/send"), "the scan finds the servlets: " + served);
    }

    @Test
    void theApiNeedsTheTokenAndNothingElseDoes() {
        JsonObject paths = json().getJsonObject("paths");
        assertFalse(json().getJsonArray("security").isEmpty(), "the document's default is the operator token");
        paths.forEach((path, item) -> item.asJsonObject().forEach((method, operation) -> {
            if (isOperation(method)) {
                boolean open = operation.asJsonObject().containsKey("security")
                        && operation.asJsonObject().getJsonArray("security").isEmpty();
                boolean needsNoToken = !path.startsWith("/api/") || path.equals("/api/" + OpenApiResource.PATH);
                assertEquals(needsNoToken, open, method + " " + path + ": security");
            }
        }));
    }

    /** "GET /api/rooms/{room}/messages" for every method the code serves. */
    private static Set<String> served() throws IOException, URISyntaxException {
        Set<String> served = new TreeSet<>();
        List<Class<?>> classes = warClasses();
        String api = classes.stream().map(type -> type.getAnnotation(ApplicationPath.class))
                .filter(Objects::nonNull).map(ApplicationPath::value).findFirst().orElseThrow();
        for (Class<?> type : classes) {
            Path resource = type.getAnnotation(Path.class);
            if (resource != null && !type.isInterface()) {
                for (Method method : type.getMethods()) {
                    String verb = httpMethod(method);
                    Path sub = method.getAnnotation(Path.class);
                    if (verb == null && sub != null) {
                        throw new AssertionError(method + ": sub-resource locators are not understood by this test");
                    }
                    if (verb != null) {
                        served.add(verb + " " + join(api, resource.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
            WebServlet servlet = type.getAnnotation(WebServlet.class);
            if (servlet != null) {
                for (String pattern : Stream.concat(Stream.of(servlet.value()), Stream.of(servlet.urlPatterns()))
                        .toList()) {
                    assertFalse(pattern.contains("*"), type + ": a pattern mapping is not described path by path");
                    for (String verb : servletMethods(type)) {
                        served.add(verb + " " + pattern);
                    }
                }
            }
        }
        return served;
    }

    /** The HTTP methods a servlet overrides, from its class up to HttpServlet. */
    private static Set<String> servletMethods(Class<?> servlet) {
        Set<String> methods = new TreeSet<>();
        for (Class<?> type = servlet; type != HttpServlet.class && type != null; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                String verb = SERVLET_METHODS.get(method.getName());
                if (verb != null) {
                    methods.add(verb);
                }
            }
        }
        assertFalse(methods.isEmpty(), servlet + " serves no method");
        return methods;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                path.append('/').append(trimmed);
            }
        }
        return path.toString();
    }

    /** Every class compiled from src/main/java (target/classes), loaded without initializing it. */
    private static List<Class<?>> warClasses() throws IOException, URISyntaxException {
        java.nio.file.Path root = java.nio.file.Path.of(
                ParleyApi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file).toString())
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .map(OpenApiDocumentTest::load).toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }

    /** "GET /api/rooms/{room}/messages" for every operation the document describes. */
    private static Set<String> described() {
        Set<String> described = new TreeSet<>();
        json().getJsonObject("paths").forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(OpenApiDocumentTest::isOperation)
                .forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return described;
    }

    private static boolean isOperation(String key) {
        return Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(key);
    }

    private static JsonObject json() {
        try (JsonReader reader = Json.createReader(new java.io.StringReader(document()))) {
            return reader.readObject();
        }
    }

    private static String document() {
        return new String(new OpenApiResource().document(), StandardCharsets.UTF_8);
    }

    private static List<String> messages(Collection<String> messages) {
        return messages == null ? List.of() : List.copyOf(messages);
    }
}
