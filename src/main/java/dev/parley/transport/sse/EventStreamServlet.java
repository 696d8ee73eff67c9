package dev.parley.transport.sse;

import dev.parley.application.LogText;
import dev.parley.domain.UserName;
import dev.parley.protocol.CloseCause;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.logging.Logger;

/**
 * {@code GET /fallback/stream}: opens a connection whose frames come as Server-Sent Events. The first event
 * ({@code token}) names the connection in POSTs to {@link SendServlet}; then come {@code welcome} and the rest, one
 * frame per event. The response stays open until either side ends it.
 */
@WebServlet(urlPatterns = "/fallback/stream", asyncSupported = true)
public class EventStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(EventStreamServlet.class.getName());

    @Inject
    transient OpenStreams streams;

    @Inject
    transient PageOrigin origins;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!origins.allows(request)) {
            Refusal.FOREIGN_ORIGIN.send(response);
            return;
        }
        Principal principal = request.getUserPrincipal();
        UserName user = null;
        if (principal != null) {
            try {
                user = new UserName(principal.getName());
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "refused a fallback stream: signed-in user " + LogText.quote(principal.getName())
                        + " is not a valid chat name");
                new Refusal(403, "forbidden", CloseCause.IDENTITY.reason()).send(response);
                return;
            }
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no"); // nginx and others that honour it: pass events at once
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // OpenStreams decides when a stream is over
        // Headers out now, in blocking mode: Open Liberty sent nothing written in the first onWritePossible (inside this
        // dispatch) until the next write, 15 s later.
        response.flushBuffer();
        ServletOutputStream out = response.getOutputStream();
        OpenStreams.Stream stream = streams.open(new ServletOutput(async, out), user,
                principal == null ? null : principal.getName());
        async.addListener(new Ending(streams, stream));
        out.setWriteListener(stream.wire());
    }

    /** The container's word that the response is over: the client left, a write failed, or Parley ended it. */
    private record Ending(OpenStreams streams, OpenStreams.Stream stream) implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            streams.ended(stream);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            streams.ended(stream);
        }

        @Override
        public void onError(AsyncEvent event) {
            streams.ended(stream);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
