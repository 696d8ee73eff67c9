/**
 * The wire protocol v1 (docs/protocol.md): the frames a client and the server exchange, their JSON form, and the
 * error codes. {@link dev.parley.protocol.FrameDecoder} and {@link dev.parley.protocol.FrameEncoder} are the only
 * places that read or write JSON.
 */
package dev.parley.protocol;
