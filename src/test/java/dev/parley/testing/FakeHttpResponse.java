package dev.parley.testing;

import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Records what a servlet writes into its response: status, headers, content type, body. */
public final class FakeHttpResponse {

    private final StringWriter body = new StringWriter();
    private final PrintWriter writer = new PrintWriter(body);
    private final Map<String, String> headers = new HashMap<>();
    private int status = HttpServletResponse.SC_OK;
    private String contentType;

    /** The response to hand to the servlet. */
    public HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setContentType" -> {
                        contentType = (String) args[0];
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "setCharacterEncoding" -> null;
                    case "getWriter" -> writer;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public String body() {
        writer.flush();
        return body.toString();
    }
}
