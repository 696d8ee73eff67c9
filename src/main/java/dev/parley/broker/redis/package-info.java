/**
 * The broker of a cluster: every room's log, presence and dedupe memory in one Redis, shared by any number of
 * Parley nodes (docs/scaling.md). Each room's keys carry its name as a hash tag, so one script touches one slot.
 * Lettuce's threads only hand work over: deliveries run on this package's own executor, one room at a time.
 */
package dev.parley.broker.redis;
