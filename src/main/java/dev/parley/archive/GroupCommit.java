package dev.parley.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The archive's one writer: messages are queued as they are numbered, and a single thread writes whatever is queued
 * in one transaction (up to {@link #MAX_GROUP} messages), so that a busy room pays one commit for many messages. Each
 * entry then learns its outcome, in the order entries were queued: {@link Entry#committed()} or
 * {@link Entry#failed}. Nothing is written twice, and an entry cancelled before its group is taken is skipped.
 * <p>
 * While the archive is down every group fails after the store's timeout; when idle, the writer checks the store every
 * second, so {@link #status()} tells when it is back without waiting for a message.
 */
public final class GroupCommit implements ArchiveState, AutoCloseable {

    /** A message waiting for its commit. Its callbacks run on the writer thread: they must not block. */
    public interface Entry {

        ArchivedMessage message();

        /** True when the entry's room no longer wants it written (an earlier message of the room failed). */
        boolean cancelled();

        /** The message is in the archive. */
        void committed();

        /** The message is not known to be in the archive: its group failed. */
        void failed(ArchiveException cause);
    }

    /** The most messages one transaction writes. */
    public static final int MAX_GROUP = 1000;
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Archive archive;
    private final ArchiveMetrics metrics;
    private final Thread writer;
    private volatile boolean closed;
    /** Why the last write or check failed, or null while the archive answers. */
    private volatile String down;

    public GroupCommit(Archive archive, ArchiveMetrics metrics) {
        this.archive = archive;
        this.metrics = metrics;
        metrics.observeQueue(this::queued);
        this.writer = new Thread(this::run, "parley-archive-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the entry; it is told its outcome on the writer thread. */
    public void append(Entry entry) {
        if (closed) {
            throw new ArchiveException("the archive is closed", null);
        }
        queue.add(entry);
    }

    public Archive archive() {
        return archive;
    }

    /** Messages waiting for their commit (not counting a group being written). */
    public int queued() {
        return queue.size();
    }

    @Override
    public ArchiveStatus status() {
        String reason = down;
        return new ArchiveStatus(archive.type(), reason == null,
                reason == null ? archive.describe() : archive.describe() + ": " + reason);
    }

    /**
     * Stops the writer after it has written what was queued (it notices within a second); later appends are refused.
     * The writer is not interrupted: an interrupt inside file I/O closes H2's file channel.
     */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // An append that raced the close, or what a writer stuck past the wait left: told, so that nobody waits.
        List<Entry> left = new ArrayList<>();
        queue.drainTo(left);
        ArchiveException closing = new ArchiveException("the archive is closed", null);
        left.forEach(entry -> entry.failed(closing));
        archive.close();
    }

    private void run() {
        List<Entry> group = new ArrayList<>();
        while (!(closed && queue.isEmpty())) {
            try {
                Entry first = closed ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    checkWhileDown();
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                write(group);
            } catch (InterruptedException e) {
                LOG.warning("archive writer interrupted; going on until the archive is closed");
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Entry> group) {
        group.removeIf(Entry::cancelled);
        if (group.isEmpty()) {
            return;
        }
        List<ArchivedMessage> messages = new ArrayList<>(group.size());
        group.forEach(entry -> messages.add(entry.message()));
        long start = System.nanoTime();
        try {
            archive.write(messages);
        } catch (ArchiveException e) {
            fail(group, e);
            return;
        } catch (RuntimeException e) {
            fail(group, new ArchiveException("archive write failed: " + e, e));
            return;
        }
        metrics.committed(group.size(), System.nanoTime() - start);
        if (down != null) {
            LOG.info(() -> "archive " + archive.describe() + " is back");
            down = null;
        }
        for (Entry entry : group) {
            entry.committed();
        }
    }

    private void fail(List<Entry> group, ArchiveException e) {
        metrics.failed(group.size());
        if (down == null) {
            LOG.log(Level.WARNING, "archive " + archive.describe() + " unavailable: " + group.size()
                    + " messages refused", e);
        }
        down = e.getMessage();
        for (Entry entry : group) {
            entry.failed(e);
        }
    }

    private void checkWhileDown() {
        if (down == null || closed) {
            return;
        }
        try {
            archive.check();
            LOG.info(() -> "archive " + archive.describe() + " answers again");
            down = null;
        } catch (RuntimeException e) {
            down = e.getMessage();
        }
    }
}
