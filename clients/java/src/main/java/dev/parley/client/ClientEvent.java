package dev.parley.client;

import java.time.Instant;
import java.util.Map;

/** What a client tells its listeners ({@link ParleyClient#addListener}): one record per kind. */
public sealed interface ClientEvent permits ClientEvent.Status, ClientEvent.Welcome, ClientEvent.Authenticated,
        ClientEvent.Failed, ClientEvent.Direct, ClientEvent.Moderated {

    /** Where the connection stands: {@code connecting}, {@code online}, {@code reconnecting} or {@code offline}. */
    record Status(String state) implements ClientEvent {
    }

    /**
     * The server's {@code welcome} on each connection.
     *
     * @param session the connection's id on the server
     * @param user the name the server bound (its container signed the user in), else null
     * @param auth {@code jwt} when the connection must sign in, else null
     */
    record Welcome(String session, String user, String auth) implements ClientEvent {
    }

    /** A good {@code auth}: the user, when its token expires, and the roles the token grants by room. */
    record Authenticated(String user, Instant expires, Map<String, String> rooms) implements ClientEvent {
    }

    /** The server's answer to {@link ParleyClient#direct}: the conversation with {@code user} is {@code room}. */
    record Direct(String user, String room) implements ClientEvent {
    }

    /** A {@code kick}, {@code ban}, {@code unban} or {@code role} ({@code action}) the server carried out. */
    record Moderated(String action, String room, String user) implements ClientEvent {
    }

    /** An error that concerns no room or message: a token refused, a token supplier that failed, no name. */
    record Failed(ParleyException error) implements ClientEvent {
    }
}
