package dev.parley.client;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A room joined through a {@link ParleyClient}: joined now or once connected, and rejoined after every reconnect with
 * {@code since} and {@code epoch}. Its listeners get each message once (from history, live, gap fills, and this
 * client's own at its ack), and the other {@link RoomEvent}s, on the client's thread: a listener must not block.
 * Methods may be called from any thread.
 */
public final class Room {

    private final String name;
    private final RoomLink link;
    private final Loop loop;
    private final ParleyOptions options;
    final RoomStore store;
    private final Listeners<RoomEvent> listeners;
    private final CompletableFuture<RoomEvent.Joined> joined = new CompletableFuture<>();
    // Touched on the client's thread only.
    private final Map<String, CompletableFuture<Ack>> acks = new HashMap<>();
    private final Answers pages = new Answers();
    private final Answers searches = new Answers();
    private final Retry retry;
    private boolean gone;

    Room(String name, RoomLink link, Loop loop, ParleyOptions options) {
        this.name = name;
        this.link = link;
        this.loop = loop;
        this.options = options;
        this.store = new RoomStore(name);
        this.listeners = new Listeners<>("room " + name);
        this.retry = new Retry(loop.executor(), options.unavailableRetry());
    }

    public String name() {
        return name;
    }

    public Room addListener(Consumer<? super RoomEvent> listener) {
        listeners.add(listener);
        return this;
    }

    public void removeListener(Consumer<? super RoomEvent> listener) {
        listeners.remove(listener);
    }

    /** Completes at the first {@code joined}; fails when the server refuses the join (the room is then left). */
    public CompletionStage<RoomEvent.Joined> joined() {
        return joined.copy();
    }

    /**
     * Sends a message with a new client id: now when joined, else after the next {@code joined}, and again with the same
     * id after every reconnect until the server confirms it (by its ack, or by the message in a rejoin's history), so
     * the room shows it once. Completes with the ack; fails with a {@link ParleyException} when the server refuses it
     * ({@code too_large}, {@code rate_limited}, ...), the room is left or the client closed first, or too many messages
     * wait for their acks already ({@code outbox_full}).
     */
    public CompletionStage<Ack> send(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        CompletableFuture<Ack> ack = new CompletableFuture<>();
        loop.run(ack, () -> {
            if (gone) {
                ack.completeExceptionally(new ParleyException("left", "the room " + name + " was left", null));
            } else if (store.pendingCount() >= options.outboxFrames()) {
                ack.completeExceptionally(new ParleyException("outbox_full",
                        options.outboxFrames() + " messages wait for their acks in " + name, null));
            } else {
                String id = UUID.randomUUID().toString();
                acks.put(id, ack);
                store.post(text, id);
                store.outgoing().forEach(link::send);
            }
        });
        return ack;
    }

    /** Tells the others this client is typing (send it every few seconds while typing: frames are rate-limited). */
    public void typing() {
        loop.execute(() -> {
            if (store.joined()) {
                link.send(Frames.typing(name));
            }
        });
    }

    /** The latest {@code limit} messages (1-200), oldest first; new ones reach the listeners too. */
    public CompletionStage<List<ChatMessage>> history(int limit) {
        return page(0, limit);
    }

    /** The {@code limit} messages (1-200) before seq {@code before}, oldest first: how to page back to the first. */
    public CompletionStage<List<ChatMessage>> before(long before, int limit) {
        if (before < 1) {
            throw new IllegalArgumentException("before must be a seq, at least 1, not " + before);
        }
        return page(before, limit);
    }

    /**
     * At most {@code limit} (1-200) messages before seq {@code before} (0: any) with every word of {@code q} (1-200
     * characters), newest first; page back with the smallest seq. Needs the server's archive (else bad_request).
     */
    public CompletionStage<List<ChatMessage>> search(String q, long before, int limit) {
        if (q == null || q.isBlank() || q.length() > 200 || before < 0 || limit < 1 || limit > 200) {
            throw new IllegalArgumentException("q is 1-200 characters, not blank; before 0 or a seq; limit 1-200");
        }
        return ask(searches, "search", () -> Frames.search(name, q, before, limit));
    }

    /** Leaves the room: the messages waiting for their acks fail with {@code left}. */
    public void leave() {
        loop.execute(() -> link.leave(this));
    }

    /** The names in the room, sorted. */
    public List<String> members() {
        return loop.call(store::members);
    }

    /** The messages held, in seq order. */
    public List<ChatMessage> messages() {
        return loop.call(store::messages);
    }

    private CompletionStage<List<ChatMessage>> page(long before, int limit) {
        if (limit < 1 || limit > 200) {
            throw new IllegalArgumentException("limit must be 1-200, not " + limit);
        }
        return ask(pages, "history", () -> store.page(before, limit));
    }

    /** Sends a history or search request ({@code frame}, made on the client's thread) if joined, else fails it. */
    private CompletionStage<List<ChatMessage>> ask(Answers answers, String type, Supplier<String> frame) {
        CompletableFuture<List<ChatMessage>> answer = new CompletableFuture<>();
        loop.run(answer, () -> {
            if (!store.joined()) {
                answer.completeExceptionally(new ParleyException("not_joined", "not joined to " + name + " now", type));
            } else {
                answers.add(answer);
                link.sendRequest(this, frame.get(), type);
            }
        });
        return answer;
    }

    // ---- from the client, on its thread ------------------------------------------------------------------------

    void receive(JsonObject frame) {
        switch (Frames.string(frame, "type")) {
            case "joined" -> {
                retry.cancel();
                RoomStore.JoinOutcome outcome = store.onJoined(frame);
                RoomEvent.Joined event = new RoomEvent.Joined(name, frame.getBoolean("recovered", false),
                        outcome.reset(), store.members(), store.lastSeq(), store.epoch());
                joined.complete(event);
                listeners.emit(event);
                added(outcome.added());
                store.outgoing().forEach(link::send);
            }
            case "message" -> {
                RoomStore.MessageOutcome outcome = store.onMessage(frame);
                if (outcome.gap() != null) {
                    link.sendRequest(this, outcome.gap(), "history");
                }
                if (outcome.added() != null) {
                    added(List.of(outcome.added()));
                }
            }
            case "ack" -> {
                RoomStore.AckOutcome outcome = store.onAck(frame);
                if (outcome.added() != null) {
                    added(List.of(outcome.added()));
                }
                if (outcome.duplicate() != null) {
                    settle(outcome.duplicate().id, Frames.integer(frame, "seq", 0), Frames.instant(frame, "ts"));
                }
            }
            case "history" -> {
                RoomStore.HistoryOutcome outcome = store.onHistory(frame);
                added(outcome.added());
                if (outcome.request() == RoomStore.Request.PAGE) {
                    pages.complete(outcome.page());
                }
            }
            case "search" -> searches.complete(Frames.chatMessages(frame, "messages", name));
            case "presence" -> {
                store.onPresence(frame);
                listeners.emit(new RoomEvent.Presence(name, Frames.string(frame, "event"),
                        Frames.string(frame, "user"), store.members()));
            }
            case "typing" -> listeners.emit(new RoomEvent.Typing(name, Frames.string(frame, "user")));
            case "left" -> {
                String reason = Frames.string(frame, "reason");
                if (reason != null) { // a moderator took this connection out: no leave to send
                    store.disconnected();
                    link.leave(this);
                    listeners.emit(new RoomEvent.Left(name, reason));
                }
            }
            default -> {
                // frame types newer than this client
            }
        }
    }

    /** An {@code error} that concerns this room: its ref names one of its messages or requests. */
    void refused(JsonObject frame) {
        ParleyException error = Frames.error(frame);
        if ("search".equals(error.ref())) {
            searches.fail(error);
            return;
        }
        boolean later = "unavailable".equals(error.code()) || "rate_limited".equals(error.code());
        if ("join".equals(error.ref()) && !later) { // refused (bad_request, a room the user may not enter)
            joined.completeExceptionally(error);
            listeners.emit(new RoomEvent.Failed(name, error));
            link.leave(this);
            return;
        }
        RoomStore.ErrorOutcome outcome = store.onError(frame);
        if (outcome.history() == RoomStore.Request.PAGE) {
            pages.fail(error);
        }
        if ("unavailable".equals(error.code()) || "join".equals(error.ref())) {
            retryLater(); // the server could not reach its store, or the join came too fast: ask again
        } else if (outcome.rejoin()) {
            link.rejoin(this); // not_joined: the message goes out again after the rejoin
        } else if (outcome.pending() != null) {
            CompletableFuture<Ack> ack = acks.remove(outcome.pending().id);
            if (ack != null) {
                ack.completeExceptionally(error);
            }
        } else if (outcome.history() == null) {
            listeners.emit(new RoomEvent.Failed(name, error));
        }
    }

    /** The connection ended: page requests fail, messages go out again after the rejoin. */
    void disconnected() {
        store.disconnected();
        retry.cancel();
        pages.failAll(new ParleyException("disconnected", "the connection ended before the answer", "history"));
        searches.failAll(new ParleyException("disconnected", "the connection ended before the answer", "search"));
    }

    /** The room was left (by the user, a refusal or a moderator) or its client closed. */
    void gone(ParleyException why) {
        gone = true;
        retry.cancel();
        acks.values().forEach(ack -> ack.completeExceptionally(why));
        acks.clear();
        pages.failAll(why);
        searches.failAll(why);
        joined.completeExceptionally(why);
    }

    private void added(List<RoomStore.Added> list) {
        for (RoomStore.Added a : list) {
            listeners.emit(a.message()); // before the ack completes, so that the sender's own listeners see it first
            if (a.confirmed() != null) {
                settle(a.confirmed().id, a.message().seq(), a.message().ts());
            }
        }
    }

    private void settle(String id, long seq, Instant ts) {
        CompletableFuture<Ack> ack = acks.remove(id);
        if (ack != null) {
            ack.complete(new Ack(id, name, seq, ts));
        }
    }

    private void retryLater() {
        retry.later(() -> {
            if (!store.joined()) {
                link.rejoin(this);
            } else {
                store.outgoing().forEach(link::send);
            }
        });
    }
}
