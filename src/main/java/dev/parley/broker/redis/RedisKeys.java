package dev.parley.broker.redis;

import dev.parley.domain.RoomId;

/**
 * Where a room lives in Redis. Every key of a room carries {@code {room}} as its hash tag, so the keys one script
 * touches are in one Redis Cluster slot; room ids cannot contain braces.
 */
final class RedisKeys {

    /** Every room that exists or existed lately, scored by when it was made (ms): for listing rooms. */
    static final String ROOMS = "parley:rooms";
    /** Every node, scored by when its lease ends (ms, Redis's clock). */
    static final String NODES = "parley:nodes";
    /** Rooms with messages the archive may not hold yet, scored by when one was marked (ms): for the archivers. */
    static final String UNARCHIVED = "parley:unarchived";

    /**
     * SET of "room subject": read markers moved or taken away that the archive may not hold yet, for the archivers
     * ({@link RedisArchiver}).
     */
    static final String UNARCHIVED_MARKERS = "parley:unarchived-markers";

    private final String prefix;

    RedisKeys(RoomId room) {
        this.prefix = "parley:{" + room.value() + "}:";
    }

    /** HASH: seq, epoch, pver (presence version), arch (the latest seq the archive holds, with an archive). */
    String meta() {
        return prefix + "meta";
    }

    /**
     * STREAM: the last historySize messages, and with an archive every message it does not hold yet; entry id
     * {@code 0-seq}, field {@code m}: the message as JSON.
     */
    String log() {
        return prefix + "log";
    }

    /** HASH: connection id to its user's subject, for every member connection on every node. */
    String presence() {
        return prefix + "presence";
    }

    /** HASH: a present user's subject to its count of member connections. */
    String users() {
        return prefix + "users";
    }

    /** HASH: a present user's subject to the name it shows. */
    String names() {
        return prefix + "usernames";
    }

    /**
     * STRING "seq ts" with a TTL: a client id its author (a subject, or the name of a message without one) had accepted
     * lately. The author's length keeps the two apart.
     */
    String clientId(String author, String clientId) {
        return prefix + "id:" + author.length() + ":" + author + ":" + clientId;
    }

    /**
     * HASH without TTL: the room's rules (access, memberships, grants seen, bans), kept when the room's messages
     * expire ({@link RedisRoomRules}).
     */
    String rules() {
        return prefix + "rules";
    }

    /** HASH without TTL: a user's subject to its read marker, the seq of the last message it read. */
    String read() {
        return prefix + "read";
    }

    /**
     * SET without TTL: the rooms a user (a subject) has a read marker in, its room list; with an archive, the member
     * "" says that the list was loaded from it ({@link RedisReadMarkers}).
     */
    static String roomsOf(String subject) {
        return "parley:rooms-of:" + subject;
    }

    /** STRING with a TTL: the node that archives the room now ({@link RedisArchiver}). */
    String archiver() {
        return prefix + "archiver";
    }

    /** The pub/sub channel of the room's events. */
    String channel() {
        return prefix + "events";
    }

    /** HASH of a node's member connections: "room connection" to subject, so that others can reap them. */
    static String nodeMembers(String node) {
        return "parley:node:" + node + ":members";
    }
}
