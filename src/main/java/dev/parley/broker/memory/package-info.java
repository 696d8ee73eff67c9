/**
 * The broker of a single node: every room's log, presence and dedupe memory in this JVM, events delivered inline to
 * the one handler. The default; a deployment without further configuration runs on it.
 */
package dev.parley.broker.memory;
