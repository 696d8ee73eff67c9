package dev.parley.broker.redis;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerContract;
import dev.parley.broker.BrokerMetrics;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract on the Redis broker, against a real redis-server of the test's own. */
class RedisBrokerTest extends BrokerContract {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        redis.close();
    }

    @Override
    protected Broker newBroker(Map<String, String> environment) {
        try {
            redis.flushAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParleyConfig config = ParleyConfig.load(environment, Map.of("parley.redisUri", redis.uri()));
        return new RedisBroker(config, RandomId.next(), RandomId::next, BrokerMetrics.NONE);
    }
}
