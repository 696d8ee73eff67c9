/**
 * The black-box cluster suite (issue 13, docs/scaling.md): a private redis-server, two Parley nodes (the built WAR on
 * one of the three servers, child processes) and haproxy in front of them, all started and stopped by the tests;
 * clients over the network, through haproxy and straight to each node. Needs {@code redis-server} and {@code haproxy}
 * on the PATH (Debian packages; .ci/run installs haproxy). Runs on WildFly in the default {@code mvn verify}; the
 * payara and liberty profiles leave it out unless it is named, e.g.
 * {@code mvn -Pliberty -Dit.test='ClusterChatIT,NodeFailureIT' verify}, and then run the nodes on their server
 * ({@code parley.server}, see {@link dev.parley.testing.TestServers}).
 */
package dev.parley.cluster;
