package dev.parley.floor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * A room's members and its seq. A join and a broadcast each run under the room's lock, so every member gets the
 * messages in seq order, starting right after the seq its {@code joined} carried; the benchmark's rooms have one
 * sender each, so the lock is never contended there. The lock is held while the sends are handed to each member's
 * queue ({@link Member#send}), which starts at most one async send per member and never waits for it.
 */
final class Room {

    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private long seq; // guarded by this

    /** Adds {@code member} (again: no change) and sends it {@code joined} with the room's current seq. */
    synchronized void join(Member member, LongFunction<String> joinedFrame) {
        members.add(member);
        member.send(joinedFrame.apply(seq));
    }

    void leave(Member member) {
        members.remove(member);
    }

    /** Takes the next seq, acknowledges it to {@code sender}, then sends the message, encoded once, to every member. */
    synchronized void publish(Member sender, LongFunction<String> ack, LongFunction<String> message) {
        long next = ++seq;
        sender.send(ack.apply(next));
        String text = message.apply(next);
        for (Member member : members) {
            member.send(text);
        }
    }
}
