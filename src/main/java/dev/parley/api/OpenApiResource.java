package dev.parley.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of every HTTP path the WAR serves, a static document kept
 * beside the code ({@value #DOCUMENT}) and checked against it by OpenApiDocumentTest. Public, as the repository it
 * comes from is: {@link BearerTokenFilter} lets it through without a token.
 */
@Path(OpenApiResource.PATH)
@RequestScoped
public class OpenApiResource {

    /** The path below {@code /api}. */
    static final String PATH = "openapi.json";

    /** The document, on the class path. */
    static final String DOCUMENT = "/dev/parley/api/openapi.json";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the WAR");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DOCUMENT, e);
        }
    }
}
