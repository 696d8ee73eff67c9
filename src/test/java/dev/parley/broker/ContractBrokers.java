package dev.parley.broker;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * What the broker contracts ({@link BrokerContract}, {@link RoomRulesContract}, {@link PresenceContract}) share: the
 * implementation says how to make a broker, and each test's brokers are closed after it. The helpers are
 * package-private so that an implementation's test may keep its own {@code broker(...)}.
 */
abstract class ContractBrokers {

    /** The brokers this test made, with the events they handed this node. */
    final BrokerUnderTest brokers = new BrokerUnderTest(this::newBroker);

    /**
     * A new broker on a clean store, configured by these settings (as environment variables, e.g.
     * {@code PARLEY_HISTORY_SIZE}) over the defaults and whatever the implementation needs.
     */
    protected abstract Broker newBroker(Map<String, String> environment);

    /** A new broker with these settings. */
    Broker broker(Map<String, String> settings) {
        return brokers.make(settings);
    }

    /** A new broker with the defaults. */
    Broker broker() {
        return broker(Map.of());
    }

    @AfterEach
    void closeBrokers() {
        brokers.close();
    }
}
