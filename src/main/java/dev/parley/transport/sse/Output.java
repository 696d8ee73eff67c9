package dev.parley.transport.sse;

import java.io.IOException;

/**
 * The non-blocking output of one event stream, as {@link StreamWire} uses it: the servlet's ({@link ServletOutput}),
 * or a test's.
 */
interface Output {

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

    /**
     * Runs {@code writing} on a thread of the container, soon. Writes never run on the caller's thread: a chat thread
     * must not wait for a client, and Open Liberty's {@code flush()} in non-blocking mode blocks until the client reads.
     *
     * @throws IllegalStateException when the response has ended
     */
    void dispatch(Runnable writing);
}
