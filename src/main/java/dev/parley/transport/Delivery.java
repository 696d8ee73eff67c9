package dev.parley.transport;

import java.util.function.UnaryOperator;

/**
 * What a transport's {@link Outbox} does its own way; everything else (the queue and its bounds, one send in flight,
 * timeouts, the state) is the same for every transport.
 *
 * @param framing        turns a protocol frame into what the wire carries for it (an event stream's event); applied as
 *                       the frame is queued, so the bounds count what is sent
 * @param batching       how many queued frames one send carries
 * @param writeDelayMillis for {@link Batching#LINES}: how long the first frame queued waits for others; 0 for none
 * @param keepalive      which silence a keepalive answers
 * @param keepaliveMillis how long that silence lasts before a keepalive is sent
 * @param first          a text sent before anything offered, or null. With one, the outbox opens with a send in flight
 *                       that the wire completes when it first can take text (an event stream: when the container
 *                       first calls {@code onWritePossible}); the send timeout runs from the start
 */
public record Delivery(UnaryOperator<String> framing, Batching batching, long writeDelayMillis, Keepalive keepalive,
                       long keepaliveMillis, String first) {

    /** How many queued frames one send carries. */
    public enum Batching {
        /** One frame per send. */
        NONE,
        /** Frames joined by a newline, up to {@link Outbox#BATCH_CHARS} unless the first alone is longer. */
        LINES,
        /** Everything queued, back to back (an event stream's events delimit themselves). */
        ALL
    }

    /** Which silence a keepalive answers. */
    public enum Keepalive {
        /** Nothing heard from the client: a ping asks it to answer (a pong counts as heard). */
        WHEN_UNHEARD,
        /** Nothing written to the client: a comment keeps proxies from dropping a quiet connection. */
        WHEN_SILENT
    }
}
