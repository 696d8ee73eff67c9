package dev.parley.transport.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** An asynchronous response in non-blocking mode (a {@code WriteListener} is set on its stream). */
final class ServletOutput implements Output {

    private static final Logger LOG = Logger.getLogger(ServletOutput.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;

    ServletOutput(AsyncContext async, ServletOutputStream out) {
        this.async = async;
        this.out = out;
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void dispatch(Runnable writing) {
        async.start(writing);
    }

    @Override
    public void end() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyOver) {
            LOG.log(Level.FINE, "the stream had ended already", alreadyOver);
        }
    }
}
