package dev.parley.transport;

import dev.parley.config.AuthConfig;
import dev.parley.config.ParleyConfig;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /sign-in}: how the page signs in before it connects, so that it can show the signed-in user instead of a
 * name field: {@code {"auth":"open"}}, or {@code {"auth":"jwt","tokenUrl":...}} (the token URL when configured).
 * The same as {@code welcome} says once connected (docs/protocol.md, "Signing in"); nothing secret.
 */
@WebServlet("/sign-in")
public class SignInServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient ParleyConfig config;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthConfig auth = config.auth();
        JsonObjectBuilder body = Json.createObjectBuilder().add("auth", auth.mode().wire());
        if (auth.jwt() && auth.tokenUrl() != null) {
            body.add("tokenUrl", auth.tokenUrl());
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body.build().toString());
    }
}
