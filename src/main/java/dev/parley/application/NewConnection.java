package dev.parley.application;

import dev.parley.domain.UserName;

/**
 * What a transport knows of a connection it opens, for {@link ChatService#connect}.
 *
 * @param peer      where the connection's frames go
 * @param transport how it reaches this node
 * @param principal the user the container signed in (a valid chat name), or null: bound from the start in open mode,
 *                  ignored with {@code parley.auth=jwt}, where the token says who it is
 */
public record NewConnection(Peer peer, Transport transport, UserName principal) {

    /** A connection nobody signed in to, over {@code transport}. */
    public static NewConnection anonymous(Peer peer, Transport transport) {
        return new NewConnection(peer, transport, null);
    }
}
