import dev.parley.client.Ack;
import dev.parley.client.ParleyException;
import dev.parley.client.ParleyPublisher;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Publishes made-up prices for a few symbols into a Parley room through the HTTP API, a few times a second, for a
 * bounded time, with the Java client's ParleyPublisher (clients/java; the root build makes its jar):
 *
 *   java -cp clients/java/target/parley-client.jar examples/ticker/Ticker.java --token T
 *        [--url http://localhost:8080] [--room ticker] [--per-second 4] [--seconds 60] [--count N]
 *
 * The token may also come from the environment variable PARLEY_API_TOKEN. Exits 0 after --seconds (or --count
 * updates), 1 when the server refuses an update (the status and the server's error are printed), 2 on bad usage.
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
            System.err.println("usage: java -cp clients/java/target/parley-client.jar Ticker.java --token T [--url U]"
                    + " [--room R] [--per-second N] [--seconds S] [--count N]   (or PARLEY_API_TOKEN=T)");
            System.exit(2);
        }

        ParleyPublisher publisher = ParleyPublisher.create(URI.create(url + "/"), token);
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
            try {
                Ack ack = publisher.publish(room, "ticker", text);
                System.out.println(text + "  -> #" + ack.seq());
            } catch (ParleyException refused) {
                System.err.println("refused with " + refused.status() + ": " + refused.code() + " "
                        + refused.getMessage());
                System.exit(1);
            }
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
