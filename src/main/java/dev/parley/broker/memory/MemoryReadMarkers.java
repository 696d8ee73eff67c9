package dev.parley.broker.memory;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveException;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.History;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.ReadMarkers;
import dev.parley.broker.ReadState;
import dev.parley.broker.RoomEvent;
import dev.parley.broker.RoomView;
import dev.parley.broker.Unread;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The read markers of the memory broker: kept in a {@link ReadMarkerTable}, counted against the room's ring, and, for
 * older messages, against the archive (without one, messages older than the ring count as unread whoever wrote them).
 * A marker's move happens under its room log's monitor, so its {@code read} event carries the count at its place in
 * the room's order; the archive is read before, with no lock held.
 */
final class MemoryReadMarkers implements ReadMarkers, AutoCloseable {

    private final MemoryBroker broker;
    private final ReadMarkerTable markers;
    /** Where older messages are counted, or null: the broker keeps no archive. */
    private final Archive archive;
    private final int window;

    MemoryReadMarkers(MemoryBroker broker, Archive archive, int window) {
        this.broker = broker;
        this.archive = archive;
        this.markers = new ReadMarkerTable(archive);
        this.window = window;
    }

    @Override
    public ReadState markRead(RoomId room, String subject, long seq, String origin) {
        read(() -> markers.get(room, subject)); // the subject's markers are read from the archive before any lock
        MarkerMove older = null;
        while (true) {
            MarkerMove given = older;
            MarkerMove move = broker.apply(room, log -> log.underMonitor((latest, ring, oldest) ->
                    move(room, subject, seq, origin, given, latest, ring, oldest == 0 ? latest + 1 : oldest)));
            if (move.state() != null) {
                return move.state();
            }
            older = move.counted(older(room, subject, move.after(), move.upto()));
        }
    }

    /**
     * Moves the subject's marker forward to {@code min(seq, latest)} and, when it moved, delivers a
     * {@link RoomEvent.Read} with the unread count; under the room log's monitor, so in the room's event order.
     *
     * @param older the count of the messages below the ring, made before with no lock held, or null
     * @return a {@link MarkerMove#needs} when the count needs messages below the ring that {@code older} lacks
     */
    private MarkerMove move(RoomId room, String subject, long seq, String origin, MarkerMove older, long latest,
                            List<ChatMessage> ring, long oldest) {
        long before = markers.get(room, subject);
        long marker = Math.max(Math.min(before, latest), Math.min(seq, latest));
        if (marker + 1 < oldest && (older == null || older.after() != marker || older.upto() != oldest - 1)) {
            return MarkerMove.needs(marker, oldest - 1);
        }
        boolean moved = marker > before && markers.advance(room, subject, marker);
        long unread = Unread.count(ring, latest, marker, subject, (after, upto) -> older.count());
        BrokerHandler subscriber = broker.subscriber(room);
        if (moved && subscriber != null) {
            subscriber.handle(new RoomEvent.Read(room, subject, marker, unread, origin));
        }
        return MarkerMove.done(new ReadState(marker, unread, latest, moved));
    }

    @Override
    public ReadState readState(RoomId room, String subject) {
        History cut = broker.history(room, new HistoryQuery.Latest(window));
        long marker = Math.min(read(() -> markers.createIfAbsent(room, subject, cut.seq())), cut.seq());
        return new ReadState(marker, unread(room, subject, cut, marker), cut.seq(), false);
    }

    @Override
    public void forget(RoomId room, String subject) {
        read(() -> {
            markers.remove(room, subject);
            return null;
        });
    }

    @Override
    public void belong(RoomId room, String subject) {
        long latest = broker.history(room, new HistoryQuery.Latest(0)).seq();
        read(() -> markers.createIfAbsent(room, subject, latest));
    }

    @Override
    public List<RoomView> roomsOf(String subject) {
        List<RoomView> views = new ArrayList<>();
        for (Map.Entry<RoomId, Long> entry : read(() -> markers.of(subject)).entrySet()) {
            RoomId room = entry.getKey();
            History cut = broker.history(room, new HistoryQuery.Latest(window));
            long marker = Math.min(entry.getValue(), cut.seq());
            List<ChatMessage> messages = cut.messages();
            views.add(new RoomView(room, cut.seq(), marker, unread(room, subject, cut, marker),
                    messages.isEmpty() ? null : messages.get(messages.size() - 1)));
        }
        views.sort(RoomView.NEWEST_FIRST);
        return views;
    }

    /** The room's numbering started over (freed without an archive): its markers go back to 0. */
    void startOver(RoomId room) {
        markers.startOver(room);
    }

    @Override
    public void close() {
        markers.close();
    }

    private long unread(RoomId room, String subject, History cut, long marker) {
        return Unread.count(cut.messages(), cut.seq(), marker, subject,
                (after, upto) -> older(room, subject, after, upto));
    }

    /** The unread messages in ({@code after}, {@code upto}], below the ring. */
    private long older(RoomId room, String subject, long after, long upto) {
        return archive == null ? upto - after : read(() -> archive.countUnread(room, subject, after, upto));
    }

    private static <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (ArchiveException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }
}
