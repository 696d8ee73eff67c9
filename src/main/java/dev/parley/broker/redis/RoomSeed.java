package dev.parley.broker.redis;

import dev.parley.archive.Archive;
import dev.parley.archive.ArchiveException;
import dev.parley.archive.StoredRoom;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Makes a room that Redis does not hold (it restarted empty, or the room's keys expired) continue from the archive,
 * with its epoch and numbering, its latest {@code historySize} messages, the client ids of the dedupe window and its
 * rules ({@code seed.lua}). Without an archive a room missing from Redis starts a new epoch, as the scripts do by
 * themselves. The scripts that make a room ({@code publish.lua}, {@code join.lua}) answer {@code -2} instead when the
 * archive is on, and {@link #run} seeds the room and runs them again.
 */
final class RoomSeed {

    /** A script's first number when the room must be seeded first. */
    private static final long MUST_SEED = -2;

    private final RedisConnection redis;
    /** The archive, or null when there is none. */
    private final Archive archive;
    private final ParleyConfig config;
    private final Supplier<String> newEpoch;
    private final RoomDirectory directory;

    RoomSeed(RedisConnection redis, Archive archive, ParleyConfig config, Supplier<String> newEpoch,
             RoomDirectory directory) {
        this.redis = redis;
        this.directory = directory;
        this.archive = archive;
        this.config = config;
        this.newEpoch = newEpoch;
    }

    /** The scripts' {@code archived} argument: "1" when the archive is written behind Redis. */
    String flag() {
        return archive == null ? "0" : "1";
    }

    /** The archive, or null when there is none. */
    Archive archive() {
        return archive;
    }

    /**
     * Runs a script that makes the room, seeding the room from the archive first when the script asks for it.
     *
     * @throws BrokerUnavailableException when the archive cannot be read: a room is never made under a new epoch
     *                                    while the archive may hold it
     */
    List<Object> run(RoomId room, Supplier<List<Object>> script) {
        List<Object> result = script.get();
        for (int tries = 0; tries < 3 && RedisConnection.number(result, 0) == MUST_SEED; tries++) {
            seed(room);
            result = script.get();
        }
        if (RedisConnection.number(result, 0) == MUST_SEED) {
            throw new BrokerUnavailableException("room " + room + " vanished from Redis while it was seeded", null);
        }
        return result;
    }

    /** Seeds the room from the archive unless Redis holds it (another node, or a post, was first). */
    void restore(RoomId room) {
        if (archive != null) {
            seed(room);
        }
    }

    /** Reads the archive; its failure is the broker's ({@link BrokerUnavailableException}). */
    static <T> T readArchive(Supplier<T> read) {
        try {
            return read.get();
        } catch (ArchiveException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }

    private void seed(RoomId room) {
        Instant idsSince = Instant.now().minusSeconds(config.dedupeSeconds());
        StoredRoom stored = readArchive(() -> archive.load(room, config.historySize(), idsSince,
                config.dedupeSeconds() > 0 ? config.dedupeEntries() : 0));
        RedisKeys keys = new RedisKeys(room);
        List<String> rules = RedisRoomRules.fields(room, readArchive(() -> archive.rules(room)));
        List<String> keyList = new ArrayList<>(List.of(keys.meta(), keys.log(), keys.rules()));
        List<String> args = new ArrayList<>(List.of(stored.epoch() == null ? newEpoch.get() : stored.epoch(),
                Long.toString(stored.lastSeq()), Integer.toString(config.historySize()),
                Integer.toString(config.emptyRoomSeconds()), Integer.toString(stored.latest().size()),
                Integer.toString(rules.size()), Long.toString(stored.lastRev())));
        stored.latest().forEach(message -> args.add(RedisEvents.stored(message)));
        args.addAll(rules);
        long now = Instant.now().getEpochSecond();
        for (ChatMessage message : stored.withIds()) {
            long left = message.ts().getEpochSecond() + config.dedupeSeconds() - now;
            if (left > 0) {
                keyList.add(keys.clientId(message.author(), message.clientId()));
                args.add(message.seq() + " " + message.ts().toEpochMilli());
                args.add(Long.toString(left));
            }
        }
        List<Object> seeded = redis.timed("seed", RedisScripts.SEED, keyList.toArray(String[]::new),
                args.toArray(String[]::new));
        directory.used(room, RedisConnection.number(seeded, 0) == 1);
    }
}
