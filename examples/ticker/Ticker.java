import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Publishes made-up prices for a few symbols into a Parley room through the HTTP API, a few times a second, for a
 * bounded time. Only the public API: POST /api/rooms/{room}/messages with a bearer token. No dependencies:
 *
 *   java examples/ticker/Ticker.java --token T [--url http://localhost:8080] [--room ticker]
 *                                    [--per-second 4] [--seconds 60] [--count N]
 *
 * The token may also come from the environment variable PARLEY_API_TOKEN. Exits 0 after --seconds (or --count
 * updates), 1 when the server refuses an update (the status and the server's JSON error are printed), 2 on bad usage.
 */
public class Ticker {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.getOrDefault("url", "http://localhost:8080").replaceAll("/+$", "");
        String room = options.getOrDefault("room", "ticker");
        String token = options.getOrDefault("token", System.getenv("PARLEY_API_TOKEN"));
        double perSecond = Double.parseDouble(options.getOrDefault("per-second", "4"));
        long seconds = Long.parseLong(options.getOrDefault("seconds", "60"));
        long count = Long.parseLong(options.getOrDefault("count", String.valueOf(Long.MAX_VALUE)));
        if (token == null || token.isBlank() || perSecond <= 0) {
            System.err.println("usage: java Ticker.java --token T [--url U] [--room R] [--per-second N]"
                    + " [--seconds S] [--count N]   (or PARLEY_API_TOKEN=T)");
            System.exit(2);
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI endpoint = URI.create(url + "/api/rooms/" + room + "/messages");
        String[] symbols = {"PRLY", "ACME", "JKTA", "WDGT"};
        double[] prices = {42.00, 118.50, 9.75, 310.20};
        Random random = new Random();
        long pause = Math.round(1000 / perSecond);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();

        for (long sent = 0; sent < count && System.nanoTime() < end; sent++) {
            int i = (int) (sent % symbols.length);
            double change = prices[i] * (random.nextGaussian() * 0.004);
            prices[i] = Math.max(0.01, prices[i] + change);
            String text = String.format(Locale.ROOT, "%s %.2f %s%.2f", symbols[i], prices[i],
                    change >= 0 ? "▲" : "▼", Math.abs(change));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ticker\",\"text\":\"" + text + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                System.err.println("refused with " + response.statusCode() + ": " + response.body());
                System.exit(1);
            }
            System.out.println(text + "  -> " + response.body());
            Thread.sleep(pause);
        }
    }

    /** --name value pairs. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                System.err.println("unexpected argument " + args[i]);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            System.err.println("missing value for " + args[args.length - 1]);
            System.exit(2);
        }
        return options;
    }
}
