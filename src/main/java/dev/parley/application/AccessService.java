package dev.parley.application;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerUnavailableException;
import dev.parley.broker.NoSuchMessageException;
import dev.parley.domain.DirectRoom;
import dev.parley.domain.Identity;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import dev.parley.domain.RoomRules;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameEncoder;
import dev.parley.protocol.ServerFrame;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who may be in a room and who may remove whom: the checks on joins, the {@code direct}, {@code kick}, {@code ban}
 * and {@code unban} frames, and the operator's calls (rules, memberships, bans, deleting a message). The rules themselves are {@link RoomRules}'; the broker keeps
 * each room's, and bans are checked again by the broker atomically with numbering.
 */
public final class AccessService {

    private final Broker broker;
    private final FrameEncoder encoder;

    AccessService(Broker broker, FrameEncoder encoder) {
        this.broker = broker;
        this.encoder = encoder;
    }

    /**
     * Refuses a join the room's rules do not allow, before anything of the room is made or shown.
     *
     * @return the room's rules as read now
     * @throws ChatException {@code forbidden}
     */
    RoomRules admit(Identity identity, RoomId room, String ref) {
        return admitted(identity, room, ref);
    }

    /**
     * Checks again once the joiner is in the room, for a ban made between {@link #admit} and the broker's join (its
     * removal may have found nobody to remove), and records the role the token granted, for others' checks.
     *
     * @return the room's rules as read now (the user's role is {@link RoomRules#roleOf(Identity, RoomId)})
     * @throws ChatException {@code forbidden}; the caller undoes the join
     */
    RoomRules confirm(Identity identity, RoomId room, String ref) {
        RoomRules rules = admitted(identity, room, ref);
        Role grant = identity.grant(room);
        if (!Objects.equals(grant, rules.granted().get(identity.subject()))) {
            broker.recordGrant(room, identity.subject(), grant);
        }
        return rules;
    }

    /** Answers {@code direct} with the conversation's room, recording both users as its members the first time. */
    void direct(Connection connection, ClientFrame.Direct direct, Fanout out) {
        Identity identity = identified(connection, direct.ref());
        if (identity.subject().equals(direct.user())) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "a direct conversation needs another user", direct.ref());
        }
        RoomId room = DirectRoom.between(identity.subject(), direct.user());
        RoomRules rules = broker.rules(room);
        for (String subject : new String[] {identity.subject(), direct.user()}) {
            if (rules.members().get(subject) == null) {
                broker.setMember(room, subject, Role.MEMBER);
            }
            broker.belong(room, subject); // the conversation is in both users' room lists
        }
        out.offer(connection, encoder.encode(new ServerFrame.Direct(direct.user(), room)));
    }

    /** Applies {@code kick}, {@code ban} or {@code unban} from a moderator or owner of the room. */
    void moderate(Connection connection, ClientFrame.Moderate frame, Fanout out) {
        Identity identity = identified(connection, frame.ref());
        RoomRules rules = broker.rules(frame.room());
        Role actor = rules.roleOf(identity, frame.room());
        boolean allowed = frame.action() == ClientFrame.Action.UNBAN ? moderates(actor)
                : RoomRules.mayRemove(actor, rules.roleOf(frame.user()));
        if (!allowed) {
            throw new ChatException(ErrorCode.FORBIDDEN, !moderates(actor)
                    ? "only a moderator or owner of room '" + frame.room() + "' may " + frame.type()
                    : "only a role above " + rules.roleOf(frame.user()).wire() + " may remove this user", frame.ref());
        }
        switch (frame.action()) {
            case KICK -> removeUser(frame.room(), frame.user(), Removal.KICKED);
            case BAN -> removeUser(frame.room(), frame.user(), Removal.BANNED);
            case UNBAN -> broker.unban(frame.room(), frame.user());
        }
        out.offer(connection, encoder.encode(new ServerFrame.Moderated(frame.type(), frame.room(), frame.user())));
    }

    /** Whether the user is a moderator or owner of the room, by its token's grant or its membership. */
    boolean moderates(Identity identity, RoomId room) {
        return moderates(broker.rules(room).roleOf(identity, room));
    }

    private static boolean moderates(Role role) {
        return role != null && role.atLeast(Role.MODERATOR);
    }

    /**
     * An owner makes a user a member or moderator of the room, or takes its membership away. Owners are made and
     * unmade by the operator only, and a direct conversation keeps its two members.
     */
    void giveRole(Connection connection, ClientFrame.GiveRole frame, Fanout out) {
        Identity identity = identified(connection, frame.ref());
        RoomRules rules = broker.rules(frame.room());
        if (rules.roleOf(identity, frame.room()) != Role.OWNER) {
            throw new ChatException(ErrorCode.FORBIDDEN,
                    "only an owner of room '" + frame.room() + "' may give roles", frame.ref());
        }
        if (frame.role() == Role.OWNER || rules.roleOf(frame.user()) == Role.OWNER) {
            throw new ChatException(ErrorCode.FORBIDDEN, "owners are made and unmade by the operator", frame.ref());
        }
        if (DirectRoom.isDirect(frame.room())) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "a direct conversation keeps its two members", frame.ref());
        }
        broker.setMember(frame.room(), frame.user(), frame.role());
        out.offer(connection, encoder.encode(new ServerFrame.Moderated(frame.type(), frame.room(), frame.user())));
    }

    // --- the operator's calls (HTTP API); each may throw ChatException bad_request or unavailable ---

    /** The room's rules as the broker keeps them. */
    public RoomRules rules(RoomId room) {
        return call(() -> broker.rules(room));
    }

    /**
     * Makes a room public or private; a direct conversation stays private. Made private, the room's connections on
     * every node whose user has no role there leave it ({@code left} {@code revoked}).
     */
    public void setAccess(RoomId room, RoomAccess access) {
        refuseDirect(room, "stays private");
        call(() -> {
            broker.setAccess(room, access);
            return null;
        });
    }

    /**
     * Gives a user a role in the room, or takes it away ({@code role} null): then its connections in a private room,
     * on every node, leave it ({@code left} {@code revoked}) unless its token grants the room.
     *
     * @return whether the user had a membership before
     */
    public boolean setMember(RoomId room, String subject, Role role) {
        refuseDirect(room, "has its two users as members");
        return call(() -> broker.setMember(room, subject, role));
    }

    /**
     * Bans a user, whose connections in the room leave it at once, or lifts a ban.
     *
     * @return whether that changed anything (a user not banned before, or banned before)
     */
    public boolean setBanned(RoomId room, String subject, boolean banned) {
        return call(() -> banned ? removeUser(room, subject, Removal.BANNED) : broker.unban(room, subject));
    }

    /** Takes a kicked or banned user out of the room on every node, and the room out of its room list. */
    private boolean removeUser(RoomId room, String subject, Removal removal) {
        boolean changed = broker.remove(room, subject, removal);
        broker.forget(room, subject);
        return changed;
    }

    /**
     * Deletes a message as the operator (any message, whoever wrote it): every connection of the room is told
     * {@code deleted}; a message deleted before stays as it is.
     *
     * @return false when the room has no such message (never numbered, or no longer kept)
     */
    public boolean deleteMessage(RoomId room, long seq) {
        return call(() -> {
            if (broker.message(room, seq) == null) {
                return false;
            }
            try {
                broker.change(new MessageChange.Delete(room, seq));
                return true;
            } catch (NoSuchMessageException e) { // removed by retention meanwhile
                return false;
            }
        });
    }

    private static void refuseDirect(RoomId room, String why) {
        if (DirectRoom.isDirect(room)) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "room: '" + room + "' is a direct conversation, which "
                    + why, null);
        }
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (BrokerUnavailableException e) {
            throw new ChatException(ErrorCode.UNAVAILABLE, "the chat cannot reach its store for a moment; "
                    + "try again later", null);
        }
    }

    private static Identity identified(Connection connection, String ref) {
        Identity identity = connection.identity();
        if (identity == null) {
            throw new ChatException(ErrorCode.BAD_REQUEST,
                    "join a room first (or sign in): the server does not know who you are yet", ref);
        }
        return identity;
    }

    private RoomRules admitted(Identity identity, RoomId room, String ref) {
        RoomRules rules = broker.rules(room);
        if (!rules.admits(identity, room)) {
            throw forbidden(rules, identity, room, ref);
        }
        return rules;
    }

    private static ChatException forbidden(RoomRules rules, Identity identity, RoomId room, String ref) {
        return new ChatException(ErrorCode.FORBIDDEN, rules.isBanned(identity.subject())
                ? "you are banned from room '" + room + "'"
                : "room '" + room + "' is private: only its members may join", ref);
    }
}
