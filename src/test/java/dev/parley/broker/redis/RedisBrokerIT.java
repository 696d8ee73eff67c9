package dev.parley.broker.redis;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerContract;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.ChangesContract;
import dev.parley.broker.PresenceContract;
import dev.parley.broker.ReadMarkersContract;
import dev.parley.broker.RoomRulesContract;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.testing.PrivateRedis;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker and presence contracts on the Redis broker, against a real redis-server of the test's own. */
class RedisBrokerIT extends BrokerContract {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    @Override
    protected Broker newBroker(Map<String, String> environment) {
        ParleyConfig config = ParleyConfig.load(environment, Map.of("parley.redisUri", redis.uri()));
        return new RedisBroker(config, RandomId.next(), RandomId::next, BrokerMetrics.NONE);
    }

    /** The room rules contract on the same broker. */
    @Nested
    class Rules extends RoomRulesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return RedisBrokerIT.this.newBroker(environment);
        }
    }

    /** The presence contract on the same broker and Redis. */
    @Nested
    class Presence extends PresenceContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return RedisBrokerIT.this.newBroker(environment);
        }
    }

    /** The read markers contract on the same broker and Redis. */
    @Nested
    class ReadMarkers extends ReadMarkersContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return RedisBrokerIT.this.newBroker(environment);
        }
    }

    /** The message changes contract on the same broker and Redis. */
    @Nested
    class Changes extends ChangesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return RedisBrokerIT.this.newBroker(environment);
        }
    }
}
