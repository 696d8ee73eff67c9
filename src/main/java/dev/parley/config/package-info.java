/**
 * Every limit and default of Parley in one record, {@link dev.parley.config.ParleyConfig}, read from system properties
 * and the environment, and {@link dev.parley.config.Secret} for values never to be printed. Depends on nothing else of
 * Parley; the composition root ({@code dev.parley.runtime}) reads it once and hands it out.
 */
package dev.parley.config;
