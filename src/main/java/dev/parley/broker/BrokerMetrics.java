package dev.parley.broker;

import java.util.function.IntSupplier;

/**
 * What a remote broker reports about itself. {@link #NONE} ignores everything (the memory broker has nothing to
 * report; unit tests); the deployment uses the Micrometer implementation in {@code dev.parley.metrics}. Every method
 * must be cheap and never throw.
 */
public interface BrokerMetrics {

    BrokerMetrics NONE = new BrokerMetrics() {
    };

    /** Lets the implementation read how many rooms this node is subscribed to. */
    default void observeSubscriptions(IntSupplier subscriptions) {
    }

    /** A command answered (or failed) after {@code nanos}; {@code command} is one of a closed set (publish, join...). */
    default void roundTrip(String command, long nanos) {
    }

    /** An event from the store was passed on to this node's rooms. */
    default void eventReceived() {
    }

    /** Messages missing from a room's feed were read from its stream and passed on. */
    default void repaired(int messages) {
    }

    /** A room's stream had a hole that could not be filled: its members here were told to rejoin. */
    default void reset() {
    }

    /** This node's lease was renewed, or renewing it failed. */
    default void leaseRenewal(boolean renewed) {
    }
}
