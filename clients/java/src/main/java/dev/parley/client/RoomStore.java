package dev.parley.client;

import jakarta.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One room as a client sees it: the messages it holds, the last seq and epoch (what a rejoin resumes from), gaps to
 * fill, duplicates to drop, the history requests in flight, and the messages sent but not yet acknowledged (sent again
 * with the same id after a rejoin, so the room shows each once). Pure: no I/O, no timers, no threads; each method takes
 * a frame from the server and says what changed, and the caller does the I/O. The same rules as clients/js/src/store.js.
 */
final class RoomStore {

    /** Where a message of this client's stands. */
    enum State {
        /** not sent on this connection yet */
        QUEUED,
        /** out on this connection, its ack to come */
        SENT,
        /** the server could not take it now ({@code unavailable}): sent again later */
        WAITING
    }

    /** A message of this client's that the server has not confirmed. */
    static final class Pending {
        final String id;
        final String text;
        State state = State.QUEUED;

        Pending(String id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    /** What a history request was for: a page the caller asked for, or a gap in the live messages. */
    enum Request { PAGE, GAP }

    /** A message new to the room; {@code confirmed} is this client's own message it confirms, else null. */
    record Added(ChatMessage message, Pending confirmed) {
    }

    record JoinOutcome(boolean reset, List<Added> added) {
    }

    /** {@code gap}: a history request to send for messages skipped over; {@code added} null for a duplicate. */
    record MessageOutcome(Added added, String gap) {
    }

    /** {@code added}: the message the ack adds; {@code duplicate}: a resend of a message already held. */
    record AckOutcome(Added added, Pending duplicate) {
    }

    /** {@code page}: every message of the answer, held before or not; {@code added}: those new to the room. */
    record HistoryOutcome(Request request, List<ChatMessage> page, List<Added> added) {
    }

    /** The pending message an error is about; whether to rejoin now; which history request it answers. */
    record ErrorOutcome(Pending pending, boolean rejoin, Request history) {
    }

    static final int GAP_MAX = 200;

    final String room;
    private final TreeMap<Long, ChatMessage> messages = new TreeMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Set<String> members = new LinkedHashSet<>();
    private final Deque<Request> requests = new ArrayDeque<>();
    private long lastSeq;
    private String epoch;
    private boolean joinedOnce;
    private boolean joined;
    private String user;

    RoomStore(String room) {
        this.room = room;
    }

    /** The {@code join} to send: with {@code since} and {@code epoch} once joined before. */
    String join(String name) {
        this.user = name;
        this.joined = false;
        return Frames.join(room, name, joinedOnce ? new Frames.Resume(lastSeq, epoch) : null);
    }

    /** The connection ended: what was sent on it goes out again after the next {@code joined}, with the same ids. */
    void disconnected() {
        joined = false;
        requests.clear();
        for (Pending p : pending.values()) {
            if (p.state == State.SENT) {
                p.state = State.QUEUED;
            }
        }
    }

    /** The user leaves: the {@code leave} to send (null when not joined on this connection); pending is dropped. */
    String leave() {
        String frame = joined ? Frames.leave(room) : null;
        disconnected();
        pending.clear();
        members.clear();
        return frame;
    }

    /**
     * A {@code joined}. Not recovered after an earlier join means the numbering may have restarted (a new epoch), or
     * more was missed than the server could give back: the messages held are dropped before the history is added.
     */
    JoinOutcome onJoined(JsonObject frame) {
        boolean reset = joinedOnce && !frame.getBoolean("recovered", false);
        if (reset) {
            messages.clear();
        }
        List<Added> added = addAll(Frames.chatMessages(frame, "history", room));
        lastSeq = Frames.integer(frame, "seq", lastSeq);
        epoch = Frames.string(frame, "epoch");
        members.clear();
        members.addAll(Frames.strings(frame, "members"));
        joinedOnce = true;
        joined = true;
        return new JoinOutcome(reset, added);
    }

    /** A live {@code message}: at or below the last seq it is a duplicate; past a hole it asks for what is missing. */
    MessageOutcome onMessage(JsonObject frame) {
        ChatMessage message = Frames.chatMessage(frame, room);
        if (message == null || message.seq() <= lastSeq) {
            return new MessageOutcome(null, null);
        }
        String gap = null;
        if (message.seq() > lastSeq + 1) {
            gap = request(Request.GAP, message.seq(), (int) Math.min(GAP_MAX, message.seq() - lastSeq - 1));
        }
        lastSeq = message.seq();
        return new MessageOutcome(add(message), gap);
    }

    /**
     * An {@code ack} of this client's message: it takes its seq (its echo is then already held). A resend the server
     * had recorded is acked with the original seq; when that message is held already, {@code duplicate} says so.
     */
    AckOutcome onAck(JsonObject frame) {
        Pending p = pending.get(Frames.string(frame, "id"));
        long seq = Frames.integer(frame, "seq", -1);
        if (p == null || seq < 1) {
            return new AckOutcome(null, null);
        }
        if (messages.containsKey(seq)) {
            pending.remove(p.id);
            return new AckOutcome(null, p);
        }
        return new AckOutcome(add(new ChatMessage(room, seq, p.id, user, p.text, Frames.instant(frame, "ts"))), null);
    }

    /** A {@code history}: the answer to the oldest request in flight (the server answers in order). */
    HistoryOutcome onHistory(JsonObject frame) {
        Request request = requests.isEmpty() ? Request.GAP : requests.poll();
        List<ChatMessage> page = Frames.chatMessages(frame, "messages", room);
        return new HistoryOutcome(request, page, addAll(page));
    }

    /** A {@code presence}: the member list after it. */
    void onPresence(JsonObject frame) {
        String who = Frames.string(frame, "user");
        if ("leave".equals(Frames.string(frame, "event"))) {
            members.remove(who);
        } else if ("join".equals(Frames.string(frame, "event")) && who != null) {
            members.add(who);
        }
    }

    /**
     * An {@code error} about this room. {@code unavailable} leaves a message waiting and a join to be asked again;
     * {@code not_joined} queues the message and asks for a rejoin; any other error on a message drops it (its sender
     * is told).
     */
    ErrorOutcome onError(JsonObject frame) {
        String code = Frames.string(frame, "code");
        String ref = Frames.string(frame, "ref");
        Pending p = ref == null ? null : pending.get(ref);
        Request history = "history".equals(ref) ? requests.poll() : null;
        boolean rejoin = false;
        if ("unavailable".equals(code)) {
            if (p != null) {
                p.state = State.WAITING;
            }
            if ("join".equals(ref)) {
                joined = false;
            }
        } else if ("not_joined".equals(code)) {
            if (p != null) {
                p.state = State.QUEUED;
            }
            rejoin = joined;
            joined = false;
        } else if (p != null) {
            pending.remove(p.id);
        }
        return new ErrorOutcome(p, rejoin, history);
    }

    /** A message to send with client id {@code id}, unique to this client. */
    Pending post(String text, String id) {
        Pending p = new Pending(id, text);
        pending.put(id, p);
        return p;
    }

    /**
     * The {@code message} frames to send now, marking them sent: every message not out on this connection (queued or
     * waiting), in the order posted. None while not joined.
     */
    List<String> outgoing() {
        List<String> frames = new ArrayList<>();
        if (joined) {
            for (Pending p : pending.values()) {
                if (p.state != State.SENT) {
                    p.state = State.SENT;
                    frames.add(Frames.message(room, p.text, p.id));
                }
            }
        }
        return frames;
    }

    /** A history request for the page before seq {@code before} (the latest when 0): the frame to send. */
    String page(long before, int limit) {
        return request(Request.PAGE, before, limit);
    }

    boolean joined() {
        return joined;
    }

    long lastSeq() {
        return lastSeq;
    }

    String epoch() {
        return epoch;
    }

    int pendingCount() {
        return pending.size();
    }

    boolean isPending(String id) {
        return pending.containsKey(id);
    }

    /** The lowest seq held, 0 when none. */
    long oldestSeq() {
        return messages.isEmpty() ? 0 : messages.firstKey();
    }

    List<String> members() {
        return List.copyOf(new TreeSet<>(members));
    }

    /** The messages held, in seq order. */
    List<ChatMessage> messages() {
        return List.copyOf(messages.values());
    }

    private String request(Request kind, long before, int limit) {
        requests.add(kind);
        return Frames.history(room, before, limit);
    }

    private List<Added> addAll(List<ChatMessage> list) {
        List<Added> added = new ArrayList<>();
        for (ChatMessage message : list) {
            Added a = add(message);
            if (a != null) {
                added.add(a);
            }
        }
        return added;
    }

    /** Null when the message is held already. */
    private Added add(ChatMessage message) {
        if (messages.containsKey(message.seq())) {
            return null;
        }
        messages.put(message.seq(), message);
        Pending p = message.id() != null && message.user().equals(user) ? pending.remove(message.id()) : null;
        return new Added(message, p);
    }
}
