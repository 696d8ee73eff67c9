package dev.parley.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fallback client over the network: reads the event stream line by line (JDK HttpClient, HTTP/1.1: Liberty hangs on
 * the h2c upgrade), collects each event's frame, and POSTs frames with the stream's token. Like a browser it sends the
 * page's Origin with every request.
 */
public final class SseClient extends FrameClient {

    private final URI send;
    private final String origin;
    private final HttpResponse<InputStream> response;
    private final BufferedReader lines;
    private final CompletableFuture<String> token = new CompletableFuture<>();
    private final CompletableFuture<String> closeEvent = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private SseClient(URI page, String origin, boolean read) throws Exception {
        this.send = page.resolve("fallback/send");
        this.origin = origin;
        this.response = WsClient.HTTP.send(stream(page, origin), HttpResponse.BodyHandlers.ofInputStream());
        this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            return;
        }
        if (read) {
            Thread reader = new Thread(this::readEvents, "sse reader");
            reader.setDaemon(true);
            reader.start();
        } else {
            readUntilToken();
        }
    }

    public static HttpRequest stream(URI page, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(page.resolve("fallback/stream"))
                .timeout(WsClient.NETWORK_TIMEOUT).header("Accept", "text/event-stream");
        return (origin == null ? request : request.header("Origin", origin)).GET().build();
    }

    /** The page's own origin, as a browser names it. */
    public static String pageOrigin(URI page) {
        return "http://" + page.getAuthority();
    }

    /** Opens a stream and reads it as events arrive, without consuming anything. */
    public static SseClient openRaw(URI page, String origin) throws Exception {
        return new SseClient(page, origin, true);
    }

    /** Opens a stream, reads its token and stops reading: a client that cannot keep up. */
    public static SseClient stalled(URI page) throws Exception {
        return new SseClient(page, pageOrigin(page), false);
    }

    /** Opens a stream and consumes its welcome. */
    public static SseClient connect(URI page) throws Exception {
        SseClient client = openRaw(page, pageOrigin(page));
        try {
            client.expect("welcome");
        } catch (Throwable failure) {
            client.close();
            throw failure;
        }
        return client;
    }

    /** Opens a stream, joins {@code room} as {@code name}, consumes welcome and joined. */
    public static SseClient joined(URI page, String room, String name) throws Exception {
        return joinOrClose(connect(page), room, name);
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    public String token() throws Exception {
        return token.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends frames (one per line) as a browser would; fails unless the server answers 202. */
    @Override
    public void send(String text) throws Exception {
        HttpResponse<String> answer = post(text, token(), origin);
        if (answer.statusCode() != 202) {
            throw new AssertionError("POST answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** A POST with any token and origin, for tests of refusals. */
    public HttpResponse<String> post(String body, String token, String origin) throws Exception {
        return post(body.getBytes(StandardCharsets.UTF_8), token, origin);
    }

    public HttpResponse<String> post(byte[] body, String token, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(send).timeout(WsClient.NETWORK_TIMEOUT)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Parley-Token", token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return WsClient.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data of the stream's {@code close} event, once the server ended it. */
    public String awaitCloseEvent() throws Exception {
        return closeEvent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the end of the stream. */
    public void awaitEnd() throws Exception {
        ended.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }

    private void readUntilToken() throws IOException {
        String event = null;
        for (String line = lines.readLine(); line != null && !token.isDone(); line = lines.readLine()) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && "token".equals(event)) {
                token.complete(line.substring(6));
            }
        }
    }

    /** Server-Sent Events as the standard reads them, for what Parley writes: named events, data lines, comments. */
    private void readEvents() {
        String event = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    dispatch(event, data.toString());
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = value(line);
                } else if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(value(line));
                }
            }
            ended.complete(null);
        } catch (IOException e) {
            ended.completeExceptionally(e);
        }
    }

    private void dispatch(String event, String data) {
        if (data.isEmpty()) {
            return; // a comment-only block (heartbeat)
        }
        if (event == null) {
            received(data);
        } else if ("token".equals(event)) {
            token.complete(data);
        } else if ("close".equals(event)) {
            closeEvent.complete(data);
        }
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
