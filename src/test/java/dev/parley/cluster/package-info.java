/**
 * The black-box cluster suite (issue 13, docs/scaling.md): a private redis-server, two Parley nodes (the built WAR on
 * Payara Micro, child processes) and haproxy in front of them, all started and stopped by the tests; clients over the
 * network, through haproxy and straight to each node. Needs {@code redis-server} and {@code haproxy} on the PATH
 * (Debian packages; .ci/run installs haproxy). Runs in the default {@code mvn verify}; the wildfly and liberty
 * profiles leave it out (it starts Payara Micro itself).
 */
package dev.parley.cluster;
