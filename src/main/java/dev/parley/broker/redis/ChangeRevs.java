package dev.parley.broker.redis;

/**
 * Which of a room's change events a {@link RoomFeed} passed on. Change events are not kept in a stream to be read
 * again, so a lost one can only be found: an event whose rev skips some, or a rev that a position check read and that
 * has still not come at the next check (one period later, so not merely in flight). Used by the feed's one running
 * task at a time.
 */
final class ChangeRevs {

    /** The last rev passed on (or the room's at the start); -1 while unknown. */
    private long rev = -1;
    /** A rev a check read that had not come yet, or -1. */
    private long awaited = -1;

    /** The room's rev when the feed started (-1: unknown), or after it was made anew. */
    void startAt(long startRev) {
        rev = startRev;
        awaited = -1;
    }

    /** @return the last rev lost before this event's, or -1 when none was */
    long passed(long eventRev) {
        long lost = rev >= 0 && eventRev > rev + 1 ? eventRev - 1 : -1;
        rev = Math.max(rev, eventRev);
        return lost;
    }

    /** @return the last rev lost, found by a check that read the room's rev (-1: not read), or -1 when none was */
    long checked(long readRev) {
        if (readRev < 0 || rev < 0) {
            rev = Math.max(rev, readRev);
            return -1;
        }
        if (readRev < rev) {
            rev = readRev; // Redis lost changes it had published (it restarted): they are numbered again
        }
        long lost = awaited > rev ? awaited : -1;
        if (lost >= 0) {
            rev = lost;
        }
        awaited = readRev > rev ? readRev : -1;
        return lost;
    }
}
