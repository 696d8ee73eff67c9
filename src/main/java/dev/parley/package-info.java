/** Parley: a real-time chat server on the standard Jakarta WebSocket API. */
package dev.parley;
