package dev.parley.transport.sse;

import java.io.IOException;

/**
 * The non-blocking output of one event stream, as {@link StreamOutbox} uses it: the servlet's ({@link ServletWire}),
 * or a test's.
 */
interface Wire {

    /**
     * Whether a write or flush may be made now. When it answers false, the container calls the stream's
     * {@code onWritePossible} once it may.
     */
    boolean isReady();

    /** Call only after {@link #isReady()} answered true. */
    void write(String text) throws IOException;

    /** Call only after {@link #isReady()} answered true. */
    void flush() throws IOException;

    /** Ends the response (the stream); the container sends what is still buffered. */
    void end();
}
