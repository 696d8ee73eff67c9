/**
 * The composition root: reads the configuration once, picks the broker, builds the one chat service of a deployment,
 * runs its housekeeping and stops it all with the application. Everything else receives what it needs by injection.
 */
package dev.parley.runtime;
