package dev.parley.client;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Publishes into rooms through Parley's HTTP API ({@code POST /api/rooms/{room}/messages} with the operator's bearer
 * token, docs/operations.md): for services that post and need no connection of their own. Each message gets the
 * room's next seq and reaches every member, as a member's message does. Thread-safe; the token is never printed.
 *
 * <pre>{@code
 * ParleyPublisher publisher = ParleyPublisher.create(URI.create("http://localhost:8080/"), token);
 * Ack ack = publisher.publish("ticker", "ticker", "PRLY 42.10");
 * }</pre>
 */
public final class ParleyPublisher {

    private final HttpClient http;
    private final URI api;
    private final String token;
    private final Duration timeout;

    private ParleyPublisher(HttpClient http, URI api, String token, Duration timeout) {
        this.http = http;
        this.api = api;
        this.token = token;
        this.timeout = timeout;
    }

    /** A publisher for the Parley at {@code server} ({@code http://host:8080/}), with the API token. */
    public static ParleyPublisher create(URI server, String token) {
        return create(server, token, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(10));
    }

    /** As {@link #create(URI, String)}, with an HTTP client of the caller's and a timeout per request. */
    public static ParleyPublisher create(URI server, String token, HttpClient http, Duration timeout) {
        Objects.requireNonNull(server, "server");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token (parley.apiToken of the server) is missing");
        }
        return new ParleyPublisher(http, Address.of(server).resolve("api/rooms/"), token, timeout);
    }

    /** Publishes {@code text} into {@code room} as {@code user}; see {@link #publish(String, String, String, String)}. */
    public Ack publish(String room, String user, String text) throws IOException, InterruptedException {
        return publish(room, user, text, null);
    }

    /**
     * Publishes {@code text} into {@code room} as {@code user}, with the client id {@code id} unless null: a request
     * whose answer was lost may be sent again with the same user and id, and the room shows it once
     * (docs/protocol.md, Resending).
     *
     * @return the server's ack: the message's seq in the room
     * @throws ParleyException the server refused it: {@link ParleyException#status()} and {@link ParleyException#code()}
     *     ({@code bad_request}, {@code too_large}, {@code unauthorized}, {@code api_disabled}, {@code unavailable})
     * @throws IOException the server could not be reached, or did not answer in time
     */
    public Ack publish(String room, String user, String text, String id) throws IOException, InterruptedException {
        Address.room(room);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(text, "text");
        HttpRequest request = HttpRequest.newBuilder(api.resolve(URLEncoder.encode(room, StandardCharsets.UTF_8)
                        + "/messages"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Frames.publication(user, text, id)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonObject body = Frames.object(response.body());
        if (response.statusCode() != 202 || body == null) {
            ParleyException refused = body == null ? null : Frames.error(body);
            throw new ParleyException(refused == null ? "http_" + response.statusCode() : refused.code(),
                    refused == null ? "answered " + response.statusCode() + ": " + response.body()
                            : refused.getMessage(), id, response.statusCode());
        }
        return new Ack(Frames.string(body, "id"), room, Frames.integer(body, "seq", 0), Frames.instant(body, "ts"));
    }
}
