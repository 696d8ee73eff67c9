package dev.parley.broker.redis;

import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.broker.Broker;
import dev.parley.broker.BrokerContract;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.ChangesContract;
import dev.parley.broker.PresenceContract;
import dev.parley.broker.ReadMarkersContract;
import dev.parley.broker.RoomRulesContract;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.testing.Postgres;
import dev.parley.testing.PrivateRedis;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker, rules and presence contracts on the Redis broker with the archive written behind it: a real
 * redis-server of the test's own and a PostgreSQL database of its own on the machine's server, made for each test
 * and shared by the nodes of that test. Keeping messages changes none of the promises.
 */
class ArchivedRedisBrokerIT extends BrokerContract {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private Postgres database;

    @Override
    protected Broker newBroker(Map<String, String> environment) {
        try {
            if (database == null) {
                database = Postgres.createDatabase();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make a PostgreSQL database for the test", e);
        }
        Map<String, String> settings = new HashMap<>(environment);
        settings.put("PARLEY_ARCHIVE_URL", database.url());
        settings.put("PARLEY_ARCHIVE_USER", database.user());
        ParleyConfig config = ParleyConfig.load(settings, Map.of("parley.redisUri", redis.uri()));
        return new RedisBroker(config, RandomId.next(), RandomId::next, BrokerMetrics.NONE,
                ArchiveSource.open(config.archive()), ArchiveMetrics.NONE);
    }

    @Override
    protected long oldestKept(long latest, int historySize) {
        return 1;
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @Nested
    class Rules extends RoomRulesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return ArchivedRedisBrokerIT.this.newBroker(environment);
        }
    }

    @Nested
    class Presence extends PresenceContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return ArchivedRedisBrokerIT.this.newBroker(environment);
        }
    }

    /** The read markers contract on the same broker and Redis. */
    @Nested
    class ReadMarkers extends ReadMarkersContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return ArchivedRedisBrokerIT.this.newBroker(environment);
        }

        @Override
        protected boolean countsOlderExactly() {
            return true;
        }
    }

    /** The message changes contract on the same broker and Redis. */
    @Nested
    class Changes extends ChangesContract {
        @Override
        protected Broker newBroker(Map<String, String> environment) {
            return ArchivedRedisBrokerIT.this.newBroker(environment);
        }

        @Override
        protected boolean keepsOlderMessages() {
            return true;
        }
    }
}
