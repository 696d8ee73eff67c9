package dev.parley.transport;

import dev.parley.config.ParleyConfig;
import java.util.ArrayDeque;

/**
 * What one connection has yet to be sent, bounded by frames ({@code outboxFrames}) and characters
 * ({@code outboxBytes}). A frame that would pass a bound empties the queue and leaves it overflowed for good: the
 * connection reads slower than its rooms talk and is cut off. Not thread-safe: its outbox guards it.
 */
public final class FrameQueue {

    private final ArrayDeque<String> frames = new ArrayDeque<>();
    private final int maxFrames;
    private final long maxChars;
    private long chars;
    private boolean overflowed;

    public FrameQueue(ParleyConfig config) {
        this.maxFrames = config.outboxFrames();
        this.maxChars = config.outboxBytes();
    }

    /** Queues the frame; false, dropping everything, when it would pass a bound. */
    public boolean add(String frame) {
        if (frames.size() >= maxFrames || chars + frame.length() > maxChars) {
            overflowed = true;
            clear();
            return false;
        }
        force(frame);
        return true;
    }

    /** Queues a frame of the transport's own (a heartbeat, a last word) whatever the bounds. */
    public void force(String frame) {
        frames.add(frame);
        chars += frame.length();
    }

    public boolean overflowed() {
        return overflowed;
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    public int size() {
        return frames.size();
    }

    /** The characters queued. */
    public long chars() {
        return chars;
    }

    /** The oldest frame without taking it, or null. */
    public String peek() {
        return frames.peek();
    }

    /** Takes the oldest frame, or null. */
    public String poll() {
        String frame = frames.poll();
        if (frame != null) {
            chars -= frame.length();
        }
        return frame;
    }

    /** Takes everything queued as one text, or null when nothing is. */
    public String pollAll() {
        if (frames.isEmpty()) {
            return null;
        }
        String all = frames.size() == 1 ? frames.peek() : String.join("", frames);
        clear();
        return all;
    }

    /** The characters of everything queued joined by newlines. */
    public long joinedChars() {
        return chars + frames.size() - 1;
    }

    /**
     * Takes the oldest frames joined by newlines, as many as fit in {@code maxChars}, or null when nothing is queued;
     * a longer first frame comes alone.
     */
    public String pollLines(int maxChars) {
        String first = poll();
        if (frames.isEmpty() || first.length() + 1 + frames.peek().length() > maxChars) {
            return first;
        }
        StringBuilder batch = new StringBuilder((int) Math.min(maxChars, first.length() + joinedChars() + 1));
        batch.append(first);
        while (!frames.isEmpty() && batch.length() + 1 + frames.peek().length() <= maxChars) {
            batch.append('\n').append(poll());
        }
        return batch.toString();
    }

    public void clear() {
        frames.clear();
        chars = 0;
    }

    /** The bounds, for a log line. */
    public String limits() {
        return maxFrames + " frames or " + maxChars + " characters";
    }
}
