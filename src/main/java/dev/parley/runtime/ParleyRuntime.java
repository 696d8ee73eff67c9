package dev.parley.runtime;

import dev.parley.application.Authentication;
import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveMetrics;
import dev.parley.archive.ArchiveSource;
import dev.parley.archive.ArchiveState;
import dev.parley.archive.ArchiveStatus;
import dev.parley.archive.GroupCommit;
import dev.parley.archive.Retention;
import dev.parley.broker.Broker;
import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.memory.MemoryBroker;
import dev.parley.broker.redis.RedisBroker;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import dev.parley.identity.NimbusTokenVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the one {@link ChatService} of this deployment on the broker the configuration asks for, with the archive
 * unless it is off, hands it to whoever injects it, and runs the chat's housekeeping (freeing idle rooms, retention)
 * from the start of the deployment until its end, whether or not anyone connects.
 */
@ApplicationScoped
public class ParleyRuntime {

    private static final Logger LOG = Logger.getLogger(ParleyRuntime.class.getName());
    private static final String EMBEDDED_IN_CLUSTER = "no archive: the nodes of a cluster (parley.redisUri) cannot"
            + " share the embedded one; set parley.archiveUrl to a shared PostgreSQL. Rooms live in Redis only";

    @Inject
    ParleyConfig config;

    @Inject
    ChatMetrics metrics;

    @Inject
    BrokerMetrics brokerMetrics;

    @Inject
    ArchiveMetrics archiveMetrics;

    /** The archive's writer on a single node, or null (no archive, or a cluster node). */
    private GroupCommit commits;
    /** The archive a cluster node writes behind Redis (its broker closes it), or null. */
    private Archive behindRedis;
    private Broker broker;
    private ChatService chat;
    private ScheduledExecutorService housekeeping;

    @PostConstruct
    void start() {
        commits = archive(config, archiveMetrics);
        behindRedis = archiveBehindRedis(config);
        broker = broker(config, brokerMetrics, commits, behindRedis, archiveMetrics);
        chat = new ChatService(config, broker, metrics, System::nanoTime, authentication(config));
        metrics.observe(chat);
        housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        long sweep = sweepSeconds(config);
        housekeeping.scheduleWithFixedDelay(this::freeIdleRooms, sweep, sweep, TimeUnit.SECONDS);
        if (config.auth().jwt()) {
            // "Within a few seconds of exp": each connection is looked at every second.
            housekeeping.scheduleWithFixedDelay(this::closeOverdue, 1, 1, TimeUnit.SECONDS);
        }
        Archive archive = commits != null ? commits.archive() : behindRedis;
        if (archive != null && config.archive().retentionDays() > 0) {
            Retention retention = new Retention(archive, config.archive().retentionDays(),
                    Clock.systemUTC(), archiveMetrics);
            housekeeping.scheduleWithFixedDelay(() -> removeOldMessages(retention), 1, 60, TimeUnit.MINUTES);
        }
        LOG.info(() -> "Parley started with " + config);
    }

    /** Twice per {@code emptyRoomSeconds}, between once a second and every ten seconds. */
    static long sweepSeconds(ParleyConfig config) {
        return Math.max(1, Math.min(10, config.emptyRoomSeconds() / 2));
    }

    /** Redis when {@code redisUri} is set (a cluster node), else memory (one node alone), with the archive if any. */
    private static Broker broker(ParleyConfig config, BrokerMetrics metrics, GroupCommit commits, Archive behindRedis,
                                 ArchiveMetrics archiveMetrics) {
        if (config.redisUri().isSet()) {
            return new RedisBroker(config, RandomId.next(), RandomId::next, metrics, behindRedis, archiveMetrics);
        }
        return new MemoryBroker(config, Clock.systemUTC(), System::nanoTime, RandomId::next, commits);
    }

    /** The archive's writer on a single node, or null when the archive is off or the node is in a cluster. */
    private static GroupCommit archive(ParleyConfig config, ArchiveMetrics metrics) {
        if (!config.archive().enabled() || config.redisUri().isSet()) {
            return null;
        }
        return new GroupCommit(ArchiveSource.open(config.archive()), metrics);
    }

    /**
     * The archive a cluster node writes behind Redis with the others: a shared one (a URL or a data source), or null
     * when the archive is off, the node is alone, or only the embedded one is set (which nodes cannot share).
     */
    private static Archive archiveBehindRedis(ParleyConfig config) {
        if (!config.archive().enabled() || !config.redisUri().isSet()) {
            return null;
        }
        if (!config.archive().shared()) {
            LOG.warning(EMBEDDED_IN_CLUSTER);
            return null;
        }
        return ArchiveSource.open(config.archive());
    }

    /** Open mode, or tokens checked with Nimbus JOSE+JWT against the configured keys. */
    private static Authentication authentication(ParleyConfig config) {
        if (!config.auth().jwt()) {
            return Authentication.open();
        }
        return Authentication.jwt(config.auth(), new NimbusTokenVerifier(config.auth(), Clock.systemUTC()),
                Clock.systemUTC());
    }

    /** Makes the runtime, and with it the chat and its housekeeping, as the deployment starts. */
    void deployed(@Observes @Initialized(ApplicationScoped.class) Object context) {
        LOG.fine(() -> "deployed with " + chat.rooms().size() + " rooms");
    }

    private void freeIdleRooms() {
        try {
            int freed = chat.freeIdleRooms();
            if (freed > 0) {
                LOG.fine(() -> "freed " + freed + " idle rooms");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "freeing idle rooms failed; trying again at the next sweep", e);
        }
    }

    private void closeOverdue() {
        try {
            chat.closeOverdue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing connections without a valid token failed; trying again in a second", e);
        }
    }

    private static void removeOldMessages(Retention retention) {
        try {
            retention.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "removing old messages failed; trying again in an hour", e);
        }
    }

    @PreDestroy
    void stop() {
        housekeeping.shutdownNow();
        broker.close();
        if (commits != null) {
            commits.close();
        }
    }

    @Produces
    @Dependent
    ArchiveState archiveState() {
        if (commits != null) {
            return commits;
        }
        if (behindRedis != null) {
            return ((RedisBroker) broker).archiveState();
        }
        if (config.redisUri().isSet() && config.archive().enabled()) {
            ArchiveStatus embedded = new ArchiveStatus("off", true, EMBEDDED_IN_CLUSTER);
            return () -> embedded;
        }
        return ArchiveState.OFF;
    }

    @Produces
    @Dependent
    ChatService chatService() {
        return chat;
    }

    @Produces
    @Dependent
    Broker broker() {
        return broker;
    }
}
