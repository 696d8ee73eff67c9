/**
 * Every limit and default of Parley ({@link dev.parley.config.ParleyConfig}) and the CDI wiring that builds the one
 * chat service of a deployment ({@link dev.parley.config.ParleyRuntime}).
 */
package dev.parley.config;
