import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for the application that knows its users (a shop, an intranet): a sign-in form that takes any name, and
 * GET /token, which answers the signed-in user's chat token, {"token": "<JWT>"}, signed HS256 with the secret it shares
 * with Parley (parley.jwtSecret). Parley's page, served by Parley, fetches it with the user's cookie (CORS allows the
 * chat's origin). No dependencies; a real application signs with its JWT library, in the same few lines:
 *
 *   java examples/auth/Host.java --secret S [--port 8000] [--chat http://localhost:8080/] [--ttl 600]
 *
 * The secret may also come from PARLEY_JWT_SECRET; it must be at least 32 bytes, as Parley requires. Sign in at
 * http://localhost:8000/, then the chat opens signed in. Nothing is stored: restarting forgets every session.
 */
public class Host {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

    /** A signed-in user: the name typed, and the rooms (room to role) the token grants. */
    record Session(String name, Map<String, String> rooms) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String secret = options.getOrDefault("secret", System.getenv("PARLEY_JWT_SECRET"));
        int port = Integer.parseInt(options.getOrDefault("port", "8000"));
        URI chat = URI.create(options.getOrDefault("chat", "http://localhost:8080/"));
        long ttl = Long.parseLong(options.getOrDefault("ttl", "600"));
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            System.err.println("usage: java Host.java --secret S (at least 32 bytes; or PARLEY_JWT_SECRET=S) [--port 8000]"
                    + " [--chat http://localhost:8080/] [--ttl 600]");
            System.exit(2);
        }
        String chatOrigin = chat.getScheme() + "://" + chat.getAuthority();
        String login = "http://localhost:" + port + "/";

        HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
        http.createContext("/", exchange -> {
            if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/login")) {
                Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String name = form.getOrDefault("name", "").strip();
                if (name.isEmpty()) {
                    redirect(exchange, "/");
                    return;
                }
                String id = randomId();
                SESSIONS.put(id, new Session(name, rooms(form.getOrDefault("rooms", ""))));
                exchange.getResponseHeaders().add("Set-Cookie", "session=" + id + "; Path=/; HttpOnly; SameSite=Lax");
                redirect(exchange, chat.toString());
            } else if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/logout")) {
                String id = cookie(exchange);
                if (id != null) {
                    SESSIONS.remove(id);
                }
                exchange.getResponseHeaders().add("Set-Cookie", "session=; Path=/; Max-Age=0");
                redirect(exchange, "/");
            } else {
                Session session = SESSIONS.get(String.valueOf(cookie(exchange)));
                send(exchange, 200, "text/html; charset=utf-8", page(session, chat));
            }
        });
        http.createContext("/token", exchange -> {
            // The chat's page is on another origin (Parley's): let it read the answer, with the user's cookie.
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", chatOrigin);
            exchange.getResponseHeaders().add("Access-Control-Allow-Credentials", "true");
            exchange.getResponseHeaders().add("Vary", "Origin");
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            Session session = SESSIONS.get(String.valueOf(cookie(exchange)));
            if (session == null) {
                send(exchange, 401, "application/json", "{\"login\":" + json(login) + "}");
                return;
            }
            String token = sign(session, Instant.now().getEpochSecond() + ttl, secret);
            send(exchange, 200, "application/json", "{\"token\":" + json(token) + "}");
        });
        http.start();
        System.out.println("Sign in at " + login + " ; tokens for the chat at " + chatOrigin + " from " + login + "token");
    }

    /** HS256 over {"sub", "name", "aud": "parley", "iat", "exp", "rooms"}: what Parley checks. */
    static String sign(Session session, long expires, String secret) {
        StringBuilder rooms = new StringBuilder("{");
        session.rooms().forEach((room, role) -> rooms.append(rooms.length() > 1 ? "," : "").append(json(room)).append(':')
                .append(json(role)));
        rooms.append('}');
        String header = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = base64("{\"sub\":" + json(session.name()) + ",\"name\":" + json(session.name())
                + ",\"aud\":\"parley\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":" + expires
                + ",\"rooms\":" + rooms + "}");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "ops:owner, lobby:moderator" as a map; entries without a role are members. */
    static Map<String, String> rooms(String text) {
        Map<String, String> rooms = new HashMap<>();
        for (String entry : text.split(",")) {
            String[] parts = entry.strip().split(":", 2);
            if (!parts[0].isEmpty()) {
                rooms.put(parts[0].strip(), parts.length == 2 ? parts[1].strip() : "member");
            }
        }
        return rooms;
    }

    static String page(Session session, URI chat) {
        String body = session == null
                ? "<h1>Sign in</h1><p>A stand-in for your application's login: any name will do.</p>"
                + "<form method=post action=/login><p><label>Name <input name=name maxlength=32 required autofocus>"
                + "</label></p><p><label>Rooms granted (optional, e.g. <code>ops:owner, lobby:moderator</code>) "
                + "<input name=rooms></label></p><p><button>Sign in and chat</button></p></form>"
                : "<h1>Signed in as " + html(session.name()) + "</h1><p><a href=\"" + html(chat.toString())
                + "\">Open the chat</a></p><form method=post action=/logout><button>Sign out</button></form>";
        return "<!doctype html><html lang=en><meta charset=utf-8><title>Host application</title>"
                + "<body style=\"font-family:system-ui;max-width:36rem;margin:3rem auto\">" + body + "</body></html>";
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    static String cookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String pair : header.split(";")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length == 2 && parts[0].equals("session")) {
                    return parts[1];
                }
            }
        }
        return null;
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String randomId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                System.err.println("unexpected argument: " + args[i]);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
