package dev.parley.transport.sse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A response that takes writes while the test lets it: {@link #ready} false is a client that stopped reading. */
final class FakeOutput implements Output {

    final List<String> writes = new ArrayList<>();
    boolean ready = true;
    boolean ended;
    int flushes;
    IOException failure;
    /** Writers handed to the container: run at once unless the test holds them. */
    final List<Runnable> dispatched = new ArrayList<>();
    boolean holdDispatches;
    /** Runs inside each write, as if the call took that long. */
    Runnable duringWrite = () -> { };

    @Override
    public boolean isReady() {
        return ready && !ended;
    }

    @Override
    public void write(String text) throws IOException {
        if (!isReady()) {
            throw new IllegalStateException("written while not ready");
        }
        if (failure != null) {
            throw failure;
        }
        duringWrite.run();
        writes.add(text);
    }

    @Override
    public void flush() throws IOException {
        if (!isReady()) {
            throw new IllegalStateException("flushed while not ready");
        }
        flushes++;
    }

    @Override
    public void dispatch(Runnable writing) {
        if (holdDispatches) {
            dispatched.add(writing);
        } else {
            writing.run();
        }
    }

    /** Runs the writers the test held back. */
    void runDispatched() {
        List<Runnable> held = List.copyOf(dispatched);
        dispatched.clear();
        held.forEach(Runnable::run);
    }

    @Override
    public void end() {
        ended = true;
    }

    /** Everything written, as the client reads it. */
    String text() {
        return String.join("", writes);
    }
}
