package dev.parley.broker.memory;

import dev.parley.archive.ArchiveException;
import dev.parley.archive.ArchivedMessage;
import dev.parley.archive.GroupCommit;
import dev.parley.broker.BrokerHandler;
import dev.parley.domain.ChatMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A numbered message of a {@link RoomLog} waiting for its commit; the archive's writer thread tells the outcome. */
final class PendingMessage implements GroupCommit.Entry {

    private final RoomLog room;
    private final ChatMessage message;
    private final String epoch;
    private final String origin;
    private final CompletableFuture<Void> outcome = new CompletableFuture<>();
    private volatile boolean committed;
    private volatile boolean cancelled;

    PendingMessage(RoomLog room, ChatMessage message, String epoch, String origin) {
        this.room = room;
        this.message = message;
        this.epoch = epoch;
        this.origin = origin;
    }

    @Override
    public ArchivedMessage message() {
        return new ArchivedMessage(message, epoch);
    }

    ChatMessage chatMessage() {
        return message;
    }

    /** The connection that posted it, or null. */
    String origin() {
        return origin;
    }

    boolean isCommitted() {
        return committed;
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    void fail(ArchiveException cause) {
        outcome.completeExceptionally(cause);
    }

    @Override
    public void committed() {
        committed = true;
        outcome.complete(null);
    }

    @Override
    public void failed(ArchiveException cause) {
        room.failed(this, cause);
    }

    /**
     * Waits for the commit, holding no lock of the room, then delivers what is committed of the room, in order.
     *
     * @throws ArchiveException when the commit failed
     */
    void awaitDelivery(BrokerHandler subscriber) {
        try {
            outcome.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ArchiveException archive ? archive
                    : new ArchiveException("archive commit failed", e.getCause());
        }
        room.deliverCommitted(subscriber);
    }
}
