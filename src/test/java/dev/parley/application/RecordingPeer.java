package dev.parley.application;

import dev.parley.protocol.CloseCause;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;

/**
 * A peer that parses and keeps every frame offered to it, and checks the {@link Peer} contract: every offer that asks
 * for a drain is followed by one, and drains run with no connection lock held. Thread-safe.
 */
final class RecordingPeer implements Peer {

    private final Deque<JsonObject> inbox = new ArrayDeque<>();
    private final BooleanSupplier anyLockHeld;
    private final boolean asksForDrain;
    private int undrained;
    private int drains;
    private int drainsUnderLock;
    private boolean discarded;
    private boolean failNextOffer;
    private CloseCause closedFor;

    /**
     * @param anyLockHeld  whether the calling thread holds a lock that a drain must not run under
     * @param asksForDrain what {@link #offer} answers
     */
    RecordingPeer(BooleanSupplier anyLockHeld, boolean asksForDrain) {
        this.anyLockHeld = anyLockHeld;
        this.asksForDrain = asksForDrain;
    }

    @Override
    public synchronized boolean offer(String frame) {
        if (failNextOffer) {
            failNextOffer = false;
            throw new IllegalStateException("a failure made up by the test");
        }
        try (JsonReader reader = Json.createReader(new StringReader(frame))) {
            inbox.add(reader.readObject());
        }
        undrained++;
        return asksForDrain;
    }

    @Override
    public synchronized void drain() {
        drains++;
        undrained = 0;
        if (anyLockHeld.getAsBoolean()) {
            drainsUnderLock++;
        }
    }

    @Override
    public synchronized void discard() {
        discarded = true;
    }

    @Override
    public synchronized void close(CloseCause cause) {
        if (closedFor == null) {
            closedFor = cause;
        }
    }

    /** Why the chat asked to close this peer, or null when it did not. */
    synchronized CloseCause closedFor() {
        return closedFor;
    }

    /** Makes the next offer throw, as a failure inside the server would. */
    synchronized void failNextOffer() {
        failNextOffer = true;
    }

    /** Frames received and not yet looked at, oldest first. */
    synchronized Deque<JsonObject> inbox() {
        return inbox;
    }

    /** Frames offered since the last drain. */
    synchronized int undrained() {
        return undrained;
    }

    synchronized int drains() {
        return drains;
    }

    synchronized int drainsUnderLock() {
        return drainsUnderLock;
    }

    synchronized boolean isDiscarded() {
        return discarded;
    }
}
