/**
 * The archive on a real server (the configured one, WildFly by default, through {@code TestServers}): rooms that
 * survive a restart and a {@code kill -9}, and history paged back to a room's first message.
 */
package dev.parley.durability;
