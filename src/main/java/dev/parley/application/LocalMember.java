package dev.parley.application;

import dev.parley.broker.RoomEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A member connection of a {@link LocalRoom}: joining until its {@code joined} is offered, then live. It knows how far
 * it has the room's stream, so that each event reaches it once and in order. Used under the room's monitor only.
 */
final class LocalMember {
    /** Its user: typing is not echoed to the typer's own connections. */
    final String subject;
    /** Events kept while joining; null once live. */
    List<EncodedEvent> kept = new ArrayList<>();
    /** The room instance its snapshot was of: a message of another one means it must rejoin. */
    String epoch;
    boolean closing;
    /** The last reset while it was joining: its snapshot must be where the stream went on, or it rejoins. */
    RoomEvent.Reset resetWhileJoining;
    /**
     * The member has messages up to this seq, presence changes up to this version and message changes up to this
     * rev (snapshot or delivered).
     */
    long seq;
    long presenceVersion;
    long rev;

    LocalMember(String subject) {
        this.subject = subject;
    }

    boolean isLive() {
        return kept == null;
    }

    /**
     * Makes the member live at its snapshot's position.
     *
     * @return the events kept while it was joining, in arrival order; those it {@link #wants} follow the snapshot
     */
    List<EncodedEvent> goLive(String snapshotEpoch, long snapshotSeq, long snapshotPresenceVersion, long snapshotRev) {
        epoch = snapshotEpoch;
        seq = snapshotSeq;
        presenceVersion = snapshotPresenceVersion;
        rev = snapshotRev;
        List<EncodedEvent> joining = kept;
        kept = null;
        return joining;
    }

    /** Whether the event is news to this member; a live member is then at the event's position. */
    boolean wants(EncodedEvent event) {
        if (event.seq() > 0) {
            return event.epoch().equals(epoch) && event.seq() > seq;
        }
        return event.rev() > 0 ? event.rev() > rev : event.presenceVersion() > presenceVersion;
    }

    void reached(EncodedEvent event) {
        seq = Math.max(seq, event.seq());
        presenceVersion = Math.max(presenceVersion, event.presenceVersion());
        rev = Math.max(rev, event.rev());
    }
}
