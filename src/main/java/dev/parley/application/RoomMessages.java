package dev.parley.application;

import dev.parley.broker.BannedException;
import dev.parley.broker.Broker;
import dev.parley.broker.HistoryQuery;
import dev.parley.broker.Post;
import dev.parley.broker.Publication;
import dev.parley.broker.RoomLimitException;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.RoomId;
import dev.parley.domain.Unicode;
import dev.parley.domain.UserName;
import dev.parley.protocol.ErrorCode;
import java.util.List;

/** What goes into a room and what is read back: posts, the HTTP API's messages, history pages and search. */
final class RoomMessages {

    private final Broker broker;
    private final ChatMetrics metrics;
    private final FloodPolicy flood;
    private final int maxTextChars;

    RoomMessages(Broker broker, ChatMetrics metrics, FloodPolicy flood, int maxTextChars) {
        this.broker = broker;
        this.metrics = metrics;
        this.flood = flood;
        this.maxTextChars = maxTextChars;
    }

    /**
     * A member's message: numbered and delivered, its ack offered with the delivery.
     *
     * @return the ack to offer now for a resend (it was delivered before), or null
     */
    ChatMessage post(Connection connection, RoomId room, String text, String clientId, String ref) {
        checkText(text, ref);
        flood.admitMessage(connection, ref);
        Publication publication = record(new Post(room, connection.name(), text, clientId, connection.id(),
                connection.identity().subject()), connection.transport().origin(), ref);
        return publication.duplicate() ? publication.message() : null;
    }

    /** A message from no connection (the HTTP API); see {@link ChatService#publish}. */
    Publication publish(RoomId room, UserName user, String text, String clientId) {
        checkText(text, null);
        return record(new Post(room, user, text, clientId, null), ChatMetrics.Origin.HTTP, null);
    }

    List<ChatMessage> history(RoomId room, Long before, int limit) {
        return broker.history(room, before == null ? new HistoryQuery.Latest(limit)
                : new HistoryQuery.Before(before, limit)).messages();
    }

    List<ChatMessage> search(RoomId room, String query, Long before, int limit) {
        try {
            return broker.search(room, query, before == null ? Long.MAX_VALUE : before, limit);
        } catch (UnsupportedOperationException e) {
            throw new ChatException(ErrorCode.BAD_REQUEST, e.getMessage(), "search");
        }
    }

    /** The one way a message enters a room, whoever sends it. */
    private Publication record(Post post, ChatMetrics.Origin origin, String ref) {
        Publication publication;
        try {
            publication = broker.publish(post);
        } catch (RoomLimitException e) {
            throw new ChatException(ErrorCode.BAD_REQUEST, e.getMessage(), ref);
        } catch (BannedException e) {
            throw new ChatException(ErrorCode.FORBIDDEN, e.getMessage(), ref);
        }
        if (publication.duplicate()) {
            metrics.duplicate(origin);
        } else {
            metrics.published(origin);
        }
        return publication;
    }

    /** The rules of a message's text, for a post and an edit alike. */
    void checkText(String text, String ref) {
        if (text.isEmpty()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "text must not be empty", ref);
        }
        if (text.length() > maxTextChars) {
            throw new ChatException(ErrorCode.TOO_LARGE, "text is longer than " + maxTextChars + " characters", ref);
        }
        if (!Unicode.isWellFormed(text)) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "text must be valid Unicode (no unpaired surrogate)", ref);
        }
    }
}
