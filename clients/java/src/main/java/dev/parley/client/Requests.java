package dev.parley.client;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The {@code direct} and moderation frames ({@code kick}, {@code ban}, {@code unban}, {@code role}) awaiting their
 * answer. Each is sent once connected and signed in, and settles with the server's {@code direct} or
 * {@code moderated}, or fails with the {@code error} whose ref is its type. One whose connection ends before the answer
 * fails with {@code disconnected} and is not sent again: the server may have carried it out. On the client's thread.
 */
final class Requests {

    private final List<Request> waiting = new ArrayList<>();
    private final Predicate<String> send;
    private final Consumer<ClientEvent> emit;

    /**
     * @param send sends a frame now, false when there is no connection
     * @param emit tells the client's listeners of an answer
     */
    Requests(Predicate<String> send, Consumer<ClientEvent> emit) {
        this.send = send;
        this.emit = emit;
    }

    /** A {@code direct} for the user of subject {@code user}. */
    static Request direct(String user) {
        return new Request("direct", null, Address.subject(user), Frames.direct(user));
    }

    /** A {@code kick}, {@code ban} or {@code unban} ({@code action}) of {@code user} in {@code room}. */
    static Request moderation(String action, String room, String user) {
        return new Request(action, Address.room(room), Address.subject(user), Frames.moderate(action, room, user));
    }

    /** A {@code role}: {@code member}, {@code moderator}, or null for none. */
    static Request role(String room, String user, String role) {
        if (role != null && !role.equals("member") && !role.equals("moderator")) {
            throw new IllegalArgumentException("a role is member, moderator or null, not " + role);
        }
        return new Request("role", Address.room(room), Address.subject(user), Frames.role(room, user, role));
    }

    /** Keeps {@code request}, and sends it now when the client is {@code ready}. */
    void add(Request request, boolean ready) {
        waiting.add(request);
        if (ready) {
            request.sent = send.test(request.frame);
        }
    }

    /** The client is connected and signed in: what waits is sent. */
    void ready() {
        waiting.stream().filter(r -> !r.sent).forEach(r -> r.sent = send.test(r.frame));
    }

    /** A {@code direct} or {@code moderated} frame: settles the request it answers, and tells the listeners. */
    void answered(JsonObject frame) {
        boolean direct = "direct".equals(Frames.string(frame, "type"));
        String type = direct ? "direct" : Frames.string(frame, "action");
        String room = direct ? null : Frames.string(frame, "room");
        String user = Frames.string(frame, "user");
        ClientEvent event = direct ? new ClientEvent.Direct(user, Frames.string(frame, "room"))
                : new ClientEvent.Moderated(type, room, user);
        for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.sent && r.type.equals(type) && r.user.equals(user) && (direct || r.room.equals(room))) {
                it.remove();
                r.answer.complete(event);
                break;
            }
        }
        emit.accept(event);
    }

    /** An {@code error} whose ref is the type of a sent request fails the oldest such; false when none is. */
    boolean refused(JsonObject frame) {
        String ref = Frames.string(frame, "ref");
        for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.sent && r.type.equals(ref)) {
                it.remove();
                r.answer.completeExceptionally(Frames.error(frame));
                return true;
            }
        }
        return false;
    }

    /** The connection ended: what was sent fails with {@code disconnected}, the rest waits for the next one. */
    void down() {
        for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.sent) {
                it.remove();
                r.answer.completeExceptionally(new ParleyException("disconnected",
                        "the connection ended before the answer", r.type));
            }
        }
    }

    /** The client was closed: everything fails with {@code why}. */
    void close(ParleyException why) {
        waiting.forEach(r -> r.answer.completeExceptionally(why));
        waiting.clear();
    }

    /** A frame awaiting its answer. */
    static final class Request {
        final String type;
        final String room;
        final String user;
        final String frame;
        final CompletableFuture<ClientEvent> answer = new CompletableFuture<>();
        boolean sent;

        private Request(String type, String room, String user, String frame) {
            this.type = type;
            this.room = room;
            this.user = user;
            this.frame = frame;
        }
    }
}
