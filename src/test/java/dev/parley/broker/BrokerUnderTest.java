package dev.parley.broker;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The brokers a contract test makes, with the events they hand this node: made through the implementation's factory,
 * closed after each test. Events may arrive on another thread: they are awaited with a timeout, never slept for.
 */
final class BrokerUnderTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final Function<Map<String, String>, Broker> factory;
    private final List<Broker> made = new ArrayList<>();
    private final BlockingQueue<RoomEvent> events = new LinkedBlockingQueue<>();

    BrokerUnderTest(Function<Map<String, String>, Broker> factory) {
        this.factory = factory;
    }

    /** A new broker with these settings, its events going to {@link #next}. */
    Broker make(Map<String, String> settings) {
        Broker broker = factory.apply(settings);
        made.add(broker);
        broker.register(events::add);
        return broker;
    }

    /** The next event, which must be of this type. */
    <T extends RoomEvent> T next(Class<T> type) throws InterruptedException {
        RoomEvent event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no " + type.getSimpleName() + " within " + WAIT);
        return assertInstanceOf(type, event);
    }

    /** The events that arrived so far, taken. */
    List<RoomEvent> drain() {
        List<RoomEvent> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    void close() {
        made.forEach(Broker::close);
    }
}
