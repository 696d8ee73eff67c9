package dev.parley.blackbox;

import dev.parley.testing.WsClient;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Where the deployed Parley answers, and HTTP calls to it. Every request stays on the loopback interface: Payara Micro
 * reports the machine's network address as the deployment URL.
 */
final class BlackBox {

    /** The token every test server is started with (arquillian.xml, src/test/liberty/jvm.options). */
    static final String API_TOKEN = "blackbox-token";

    final URI page;
    final URI chat;

    private BlackBox(URI page) {
        this.page = page;
        this.chat = URI.create("ws://" + page.getAuthority() + page.getPath() + "chat");
    }

    /** The real WAR, unchanged. Named ROOT.war, which servers that honour the convention deploy at "/". */
    static WebArchive war() {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File("target/parley.war"))
                .as(WebArchive.class);
    }

    static BlackBox at(URL deployed) throws Exception {
        return new BlackBox(new URI("http", null, "127.0.0.1", deployed.getPort(), deployed.getPath(), null, null));
    }

    /** A room name no other test uses. */
    static String newRoom() {
        return "r-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code path} below the context root, e.g. "api/rooms" or "health". */
    URI uri(String path) {
        return page.resolve(path);
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    HttpResponse<String> post(String path, String json, String token) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String json, String token) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path, String token) throws Exception {
        return send(request(path, token).DELETE());
    }

    /** Publishes {@code text} as {@code user} with the right token. */
    HttpResponse<String> publish(String room, String user, String text) throws Exception {
        return post("api/rooms/" + room + "/messages",
                "{\"user\":\"" + user + "\",\"text\":\"" + text + "\"}", API_TOKEN);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(WsClient.NETWORK_TIMEOUT);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return WsClient.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
