package dev.parley.broker.redis;

import dev.parley.archive.Archive;
import dev.parley.broker.ReadMarkers;
import dev.parley.broker.ReadState;
import dev.parley.broker.RoomView;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read markers in Redis ({@link ReadMarkers}): each room's {@code read} hash (subject to marker) with the room, and
 * each user's room list ({@link RedisKeys#roomsOf}). One script ({@code marker.lua}) moves or makes a marker and counts
 * the unread messages the stream holds, in their current state, atomically with numbering and changes; the messages
 * older than the stream are counted by the archive, or without one all taken for unread. A moved marker is published
 * on the room's channel, to the user's other connections on every node.
 * <p>
 * With an archive, markers are written behind Redis by the archivers ({@link RedisArchiver}: every move or removal
 * marks "room subject" in {@link RedisKeys#UNARCHIVED_MARKERS}), and a user's list that Redis lost (it restarted
 * empty) is loaded from the archive before it is used: a crash may move a marker back by what was read since the last
 * write behind, never forward.
 */
final class RedisReadMarkers implements ReadMarkers {

    private final RedisConnection redis;
    private final RoomSeed seed;

    RedisReadMarkers(RedisConnection redis, RoomSeed seed) {
        this.redis = redis;
        this.seed = seed;
    }

    @Override
    public ReadState markRead(RoomId room, String subject, long seq, String origin) {
        loaded(subject);
        Marker marker = run(room, subject, "read", seq);
        if (marker.moved()) {
            belongs(room, subject);
            redis.await(redis.redis().publish(new RedisKeys(room).channel(),
                    RedisEvents.read(subject, marker.read(), marker.unread(), origin)));
        }
        return marker.state();
    }

    @Override
    public ReadState readState(RoomId room, String subject) {
        loaded(subject);
        Marker marker = run(room, subject, "state", 0);
        if (marker.moved()) {
            belongs(room, subject);
        }
        return new ReadState(marker.read(), marker.unread(), marker.latest(), false); // making a marker moves none
    }

    @Override
    public void forget(RoomId room, String subject) {
        loaded(subject);
        redis.await(redis.redis().hdel(new RedisKeys(room).read(), subject));
        redis.await(redis.redis().srem(RedisKeys.roomsOf(subject), room.value()));
        unarchived(room, subject);
    }

    @Override
    public void belong(RoomId room, String subject) {
        readState(room, subject);
    }

    @Override
    public List<RoomView> roomsOf(String subject) {
        loaded(subject);
        List<RoomView> views = new ArrayList<>();
        for (String name : redis.await(redis.redis().smembers(RedisKeys.roomsOf(subject)))) {
            if (!name.isEmpty()) {
                RoomId room = new RoomId(name);
                Marker marker = run(room, subject, "view", 0);
                if (marker.read() >= 0) {
                    views.add(new RoomView(room, marker.latest(), marker.read(), marker.unread(), marker.last()));
                }
            }
        }
        views.sort(RoomView.NEWEST_FIRST);
        return views;
    }

    /** What {@code marker.lua} answered, with the unread messages older than the stream counted. */
    private record Marker(long read, long unread, boolean moved, long latest, ChatMessage last) {

        ReadState state() {
            return new ReadState(read, unread, latest, moved);
        }
    }

    private Marker run(RoomId room, String subject, String mode, long seq) {
        RedisKeys keys = new RedisKeys(room);
        List<Object> result = seed.run(room, () -> redis.timed("marker", RedisScripts.MARKER,
                new String[] {keys.meta(), keys.log(), keys.read()}, mode, subject, Long.toString(seq), seed.flag()));
        long read = RedisConnection.number(result, 0);
        long latest = RedisConnection.number(result, 3);
        long olderThanStream = Math.min(RedisConnection.number(result, 4) - 1, latest);
        long unread = RedisConnection.number(result, 1);
        if (read >= 0 && olderThanStream > read) {
            Archive archive = seed.archive();
            unread += archive == null ? olderThanStream - read
                    : RoomSeed.readArchive(() -> archive.countUnread(room, subject, read, olderThanStream));
        }
        String last = (String) result.get(5);
        if (RedisConnection.number(result, 2) == 1) {
            unarchived(room, subject);
        }
        return new Marker(read, unread, RedisConnection.number(result, 2) == 1, latest,
                last.isEmpty() ? null : RedisEvents.message(room, last).message());
    }

    /** The room is in the subject's list (a marker was made or moved). */
    private void belongs(RoomId room, String subject) {
        redis.await(redis.redis().sadd(RedisKeys.roomsOf(subject), room.value()));
    }

    /** With an archive: the subject's marker in the room is for the archivers to write (or remove). */
    private void unarchived(RoomId room, String subject) {
        if (seed.archive() != null) {
            // Not awaited: the marker is in Redis; a mark lost with this node delays its archiving to the next move.
            redis.redis().sadd(RedisKeys.UNARCHIVED_MARKERS, room.value() + " " + subject);
        }
    }

    /**
     * With an archive, makes sure Redis holds the subject's markers: a list Redis does not hold (it restarted empty)
     * is loaded from the archive, each marker kept where Redis has one already (moved since).
     */
    private void loaded(String subject) {
        Archive archive = seed.archive();
        String key = RedisKeys.roomsOf(subject);
        if (archive == null || redis.await(redis.redis().exists(key)) == 1) {
            return;
        }
        Map<RoomId, Long> markers = RoomSeed.readArchive(() -> archive.markers(subject));
        markers.forEach((room, seq) -> redis.await(redis.redis().hsetnx(new RedisKeys(room).read(), subject,
                Long.toString(seq))));
        List<String> rooms = new ArrayList<>(List.of(""));
        markers.keySet().forEach(room -> rooms.add(room.value()));
        redis.await(redis.redis().sadd(key, rooms.toArray(String[]::new)));
    }
}
