/**
 * The Java client of Parley (docs/protocol.md): {@link dev.parley.client.ParleyClient} keeps one WebSocket open,
 * signs in with a token when the server asks, and rejoins its {@link dev.parley.client.Room rooms} after every
 * reconnect with {@code since} and {@code epoch}, sending unconfirmed messages again under their ids so that each is
 * shown once; {@link dev.parley.client.ParleyPublisher} publishes through the HTTP API. The same behaviour as the
 * JavaScript client in clients/js, on the JDK's {@code java.net.http} and Jakarta JSON Processing.
 */
package dev.parley.client;
