package dev.parley.application;

import dev.parley.protocol.ErrorCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes down every report the chat makes, as short text: "frameIn join", "error rate_limited". */
final class RecordingMetrics implements ChatMetrics {

    final List<String> events = new CopyOnWriteArrayList<>();
    ChatService observed;

    @Override
    public void observe(ChatService chat) {
        observed = chat;
    }

    @Override
    public void connectionOpened() {
        events.add("opened");
    }

    @Override
    public void connectionClosed() {
        events.add("closed");
    }

    @Override
    public void frameIn(String type) {
        events.add("frameIn " + type);
    }

    @Override
    public void published(Origin origin) {
        events.add("published " + origin);
    }

    @Override
    public void duplicate(Origin origin) {
        events.add("duplicate " + origin);
    }

    @Override
    public void fannedOut(int recipients, long nanos) {
        events.add("fannedOut " + recipients);
    }

    @Override
    public void error(ErrorCode code) {
        events.add("error " + code.wire());
    }

    @Override
    public void rateLimited() {
        events.add("rateLimited");
    }

    /** The events since the last call. */
    List<String> take() {
        List<String> taken = List.copyOf(events);
        events.clear();
        return taken;
    }
}
