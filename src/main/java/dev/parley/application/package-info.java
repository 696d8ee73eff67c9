/**
 * The chat's rules: joining and leaving rooms, presence, posting with per-room sequence numbers, history and
 * recovery, rate limits. {@link dev.parley.application.ChatService} is the entry point; it knows connections only as
 * {@link dev.parley.application.Peer}s and never touches the WebSocket API.
 */
package dev.parley.application;
