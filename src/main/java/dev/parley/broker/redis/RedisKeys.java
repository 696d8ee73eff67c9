package dev.parley.broker.redis;

import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;

/**
 * Where a room lives in Redis. Every key of a room carries {@code {room}} as its hash tag, so the keys one script
 * touches are in one Redis Cluster slot; room ids cannot contain braces.
 */
final class RedisKeys {

    /** Every room that exists or existed lately, scored by when it was made (ms): for listing rooms. */
    static final String ROOMS = "parley:rooms";
    /** Every node, scored by when its lease ends (ms, Redis's clock). */
    static final String NODES = "parley:nodes";

    private final String prefix;

    RedisKeys(RoomId room) {
        this.prefix = "parley:{" + room.value() + "}:";
    }

    /** HASH: seq, epoch, pver (presence version). */
    String meta() {
        return prefix + "meta";
    }

    /** STREAM: the last historySize messages, entry id {@code 0-seq}, field {@code m}: the message as JSON. */
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

    /** STRING "seq ts" with a TTL: a user's client id accepted lately. The user's length keeps the two apart. */
    String clientId(UserName user, String clientId) {
        return prefix + "id:" + user.value().length() + ":" + user.value() + ":" + clientId;
    }

    /**
     * HASH without TTL: the room's rules (access, memberships, grants seen, bans), kept when the room's messages
     * expire ({@link RedisRoomRules}).
     */
    String rules() {
        return prefix + "rules";
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
