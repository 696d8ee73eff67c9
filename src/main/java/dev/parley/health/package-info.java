/**
 * {@code GET /health}: liveness and readiness for load balancers and orchestrators. Ready from the moment the
 * application has started until its shutdown begins ({@link dev.parley.health.Readiness}).
 */
package dev.parley.health;
