package dev.parley.client;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
    private final ArrayDeque<CompletableFuture<List<ChatMessage>>> pages = new ArrayDeque<>();
    private ScheduledFuture<?> retry;
    private boolean gone;

    Room(String name, RoomLink link, Loop loop, ParleyOptions options) {
        this.name = name;
        this.link = link;
        this.loop = loop;
        this.options = options;
        this.store = new RoomStore(name);
        this.listeners = new Listeners<>("room " + name);
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
        CompletableFuture<List<ChatMessage>> page = new CompletableFuture<>();
        loop.run(page, () -> {
            if (!store.joined()) {
                page.completeExceptionally(new ParleyException("not_joined", "not joined to " + name + " now", null));
            } else {
                pages.add(page);
                link.sendHistory(this, store.page(before, limit));
            }
        });
        return page;
    }

    // ---- from the client, on its thread ------------------------------------------------------------------------

    void receive(JsonObject frame) {
        switch (Frames.string(frame, "type")) {
            case "joined" -> {
                cancelRetry();
                RoomStore.JoinOutcome outcome = store.onJoined(frame);
                RoomEvent.Joined event = new RoomEvent.Joined(name, frame.getBoolean("recovered", false),
                        outcome.reset(), store.members(), store.lastSeq(), store.epoch());
                joined.complete(event);
                emit(event);
                added(outcome.added());
                store.outgoing().forEach(link::send);
            }
            case "message" -> {
                RoomStore.MessageOutcome outcome = store.onMessage(frame);
                if (outcome.gap() != null) {
                    link.sendHistory(this, outcome.gap());
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
                if (outcome.request() == RoomStore.Request.PAGE && !pages.isEmpty()) {
                    pages.poll().complete(outcome.page());
                }
            }
            case "presence" -> {
                store.onPresence(frame);
                emit(new RoomEvent.Presence(name, Frames.string(frame, "event"), Frames.string(frame, "user"),
                        store.members()));
            }
            case "typing" -> emit(new RoomEvent.Typing(name, Frames.string(frame, "user")));
            case "left" -> {
                String reason = Frames.string(frame, "reason");
                if (reason != null) { // a moderator took this connection out: no leave to send
                    store.disconnected();
                    link.leave(this);
                    emit(new RoomEvent.Left(name, reason));
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
        boolean later = "unavailable".equals(error.code()) || "rate_limited".equals(error.code());
        if ("join".equals(error.ref()) && !later) { // refused (bad_request, a room the user may not enter)
            joined.completeExceptionally(error);
            emit(new RoomEvent.Failed(name, error));
            link.leave(this);
            return;
        }
        RoomStore.ErrorOutcome outcome = store.onError(frame);
        if (outcome.history() == RoomStore.Request.PAGE && !pages.isEmpty()) {
            pages.poll().completeExceptionally(error);
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
            emit(new RoomEvent.Failed(name, error));
        }
    }

    /** The connection ended: page requests fail, messages go out again after the rejoin. */
    void disconnected() {
        store.disconnected();
        cancelRetry();
        failPages(new ParleyException("disconnected", "the connection ended before the answer", "history"));
    }

    /** The room was left (by the user, a refusal or a moderator) or its client closed. */
    void gone(ParleyException why) {
        gone = true;
        cancelRetry();
        acks.values().forEach(ack -> ack.completeExceptionally(why));
        acks.clear();
        failPages(why);
        joined.completeExceptionally(why);
    }

    // ---- inside ----------------------------------------------------------------------------------------------

    private void added(List<RoomStore.Added> list) {
        for (RoomStore.Added a : list) {
            emit(a.message()); // before the ack completes, so that the sender's own listeners see it first
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

    private void failPages(ParleyException why) {
        pages.forEach(page -> page.completeExceptionally(why));
        pages.clear();
    }

    private void emit(RoomEvent event) {
        listeners.emit(event);
    }

    private void retryLater() {
        if (retry != null && !retry.isDone()) {
            return;
        }
        long delay = (long) (options.unavailableRetry().toMillis() * (1 + Math.random()));
        retry = loop.executor().schedule(() -> {
            if (!store.joined()) {
                link.rejoin(this);
            } else {
                store.outgoing().forEach(link::send);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
        }
    }
}
