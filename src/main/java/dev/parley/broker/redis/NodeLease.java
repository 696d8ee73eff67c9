package dev.parley.broker.redis;

import dev.parley.broker.BrokerMetrics;
import dev.parley.broker.BrokerUnavailableException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's lease in the cluster: a score in {@code parley:nodes}, renewed every {@code nodeLeaseSeconds / 3} (at
 * least every second) by Redis's clock ({@code renew.lua}), so nodes' clocks do not matter. The same script answers
 * the nodes whose lease has run out; the node that manages to remove such a node from the set ({@code ZREM} answers 1
 * for exactly one) takes that node's members out of presence. A node that stops cleanly does the same for itself.
 */
final class NodeLease {

    private static final Logger LOG = Logger.getLogger(NodeLease.class.getName());

    private final RedisConnection redis;
    private final RedisPresence presence;
    private final RoomChannels channels;
    private final String node;
    private final long leaseMillis;
    private final BrokerMetrics metrics;
    private volatile String runId;

    NodeLease(RedisConnection redis, RedisPresence presence, RoomChannels channels, String node, int leaseSeconds,
              BrokerMetrics metrics) {
        this.redis = redis;
        this.presence = presence;
        this.channels = channels;
        this.node = node;
        this.leaseMillis = TimeUnit.SECONDS.toMillis(leaseSeconds);
        this.metrics = metrics;
    }

    /** How often the lease is renewed. */
    long renewalMillis() {
        return Math.max(1000, leaseMillis / 3);
    }

    /**
     * Renews the lease, puts this node's members back into presence if it had lapsed or Redis restarted, makes the
     * leaves Redis could not take, reaps dead nodes, and checks every subscribed room's position.
     */
    void renew() {
        try {
            List<Object> result = redis.run(RedisScripts.RENEW, new String[] {RedisKeys.NODES}, node,
                    Long.toString(leaseMillis));
            metrics.leaseRenewal(true);
            boolean lapsed = RedisConnection.number(result, 0) == 1;
            String currentRunId = redis.runId();
            boolean restarted = runId != null && !runId.equals(currentRunId);
            runId = currentRunId;
            presence.repair(restarted ? "Redis restarted (run_id changed)" : lapsed ? "its lease had lapsed" : null);
            for (Object dead : result.subList(1, result.size())) {
                if (!node.equals(dead)) {
                    reap((String) dead);
                }
            }
            channels.checkPositions();
        } catch (BrokerUnavailableException e) {
            metrics.leaseRenewal(false);
            LOG.warning(() -> "node " + node + ": renewing its lease failed (" + e.getMessage() + "); trying again");
        } catch (RuntimeException e) {
            metrics.leaseRenewal(false);
            LOG.log(Level.WARNING, "node " + node + ": renewing its lease failed; trying again", e);
        }
    }

    /** Gives up the lease on the way out, taking this node's members out of presence. */
    void end() {
        try {
            reap(node);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "node " + node + ": could not take its members out of presence on the way out; "
                    + "the other nodes will when its lease runs out", e);
        }
    }

    /** Takes a node's members out of presence, once: the node that removes its lease entry does it. */
    private void reap(String deadNode) {
        if (redis.await(redis.redis().zrem(RedisKeys.NODES, deadNode)) == 0) {
            return;
        }
        int taken = presence.takeOut(deadNode);
        if (!deadNode.equals(node) && taken > 0) {
            LOG.warning(() -> "node " + deadNode + " stopped renewing its lease: took its " + taken
                    + " room members out of presence");
        }
    }
}
