package dev.parley.broker.memory;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveException;
import dev.parley.archive.ArchivedMessage;
import dev.parley.archive.MarkerKey;
import dev.parley.archive.RuleChange;
import dev.parley.archive.StoredRoom;
import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real archive whose writes a test can hold, fail, or fail after they happened (an outcome the writer cannot know). */
final class ScriptedArchive implements Archive {

    enum Next { WRITE, FAIL, FAIL_AFTER_WRITING }

    private final Archive real;
    private final AtomicInteger writes = new AtomicInteger();
    private volatile Next next = Next.WRITE;
    private volatile CountDownLatch hold;
    private volatile boolean down;
    private volatile boolean holding;

    ScriptedArchive(Archive real) {
        this.real = real;
    }

    /** The next write waits until {@code release} is counted down. */
    void holdNextWrite(CountDownLatch release) {
        hold = release;
    }

    /** Whether a write is being held now. */
    boolean holding() {
        return holding;
    }

    void nextWrite(Next what) {
        next = what;
    }

    /** Every call fails while down, as an unreachable database does. */
    void down(boolean isDown) {
        down = isDown;
    }

    int writes() {
        return writes.get();
    }

    @Override
    public void write(List<ArchivedMessage> batch) {
        CountDownLatch release = hold;
        if (release != null) {
            hold = null;
            holding = true;
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the write");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                holding = false;
            }
        }
        writes.incrementAndGet();
        failWhileDown();
        Next what = next;
        next = Next.WRITE;
        if (what == Next.FAIL) {
            throw new ArchiveException("scripted failure", null);
        }
        real.write(batch);
        if (what == Next.FAIL_AFTER_WRITING) {
            throw new ArchiveException("scripted failure after the commit", null);
        }
    }

    @Override
    public StoredRoom load(RoomId room, int latest, Instant idsSince, int maxIds) {
        failWhileDown();
        return real.load(room, latest, idsSince, maxIds);
    }

    @Override
    public List<ChatMessage> before(RoomId room, long seq, int limit) {
        failWhileDown();
        return real.before(room, seq, limit);
    }

    @Override
    public List<ChatMessage> after(RoomId room, long seq, int limit) {
        failWhileDown();
        return real.after(room, seq, limit);
    }

    @Override
    public ChatMessage message(RoomId room, long seq) {
        failWhileDown();
        return real.message(room, seq);
    }

    @Override
    public void writeChange(Changed changed, Instant at) {
        failWhileDown();
        real.writeChange(changed, at);
    }

    @Override
    public List<ChatMessage> changedAfter(RoomId room, long rev, long seq, int limit) {
        failWhileDown();
        return real.changedAfter(room, rev, seq, limit);
    }

    @Override
    public List<ChatMessage> search(RoomId room, List<String> words, long before, int limit) {
        failWhileDown();
        return real.search(room, words, before, limit);
    }

    @Override
    public Map<RoomId, RoomRules> rules() {
        failWhileDown();
        return real.rules();
    }

    @Override
    public void writeRule(RoomId room, RuleChange change) {
        failWhileDown();
        real.writeRule(room, change);
    }

    @Override
    public Map<RoomId, Long> markers(String subject) {
        failWhileDown();
        return real.markers(subject);
    }

    @Override
    public void writeMarkers(Map<MarkerKey, Long> markers) {
        failWhileDown();
        real.writeMarkers(markers);
    }

    @Override
    public long countUnread(RoomId room, String subject, long afterSeq, long uptoSeq) {
        failWhileDown();
        return real.countUnread(room, subject, afterSeq, uptoSeq);
    }

    @Override
    public int removeOlderThan(Instant cutoff) {
        return real.removeOlderThan(cutoff);
    }

    @Override
    public void check() {
        failWhileDown();
        real.check();
    }

    @Override
    public String type() {
        return real.type();
    }

    @Override
    public String describe() {
        return "scripted " + real.describe();
    }

    @Override
    public void close() {
        real.close();
    }

    private void failWhileDown() {
        if (down) {
            throw new ArchiveException("scripted outage", null);
        }
    }
}
