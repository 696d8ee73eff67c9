package dev.parley.client;

import java.net.URI;
import java.util.regex.Pattern;

/** Where a Parley is: its http(s) base address, from which the WebSocket, the origin and the API are derived. */
record Address(URI base) {

    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * {@code server} as an http(s) base ending in {@code /}: {@code ws:} becomes {@code http:}, {@code wss:}
     * {@code https:}; anything else is refused.
     */
    static Address of(URI server) {
        String scheme = server == null ? null : server.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) && !"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("a Parley address is http, https, ws or wss, not " + server);
        }
        String http = "ws".equals(scheme) ? "http" : "wss".equals(scheme) ? "https" : scheme;
        String path = server.getRawPath() == null ? "" : server.getRawPath();
        return new Address(URI.create(http + "://" + server.getRawAuthority() + (path.endsWith("/") ? path : path + "/")));
    }

    /** The WebSocket endpoint, {@code chat} under the base. */
    URI socket() {
        URI chat = base.resolve("chat");
        return URI.create(("https".equals(base.getScheme()) ? "wss" : "ws") + "://" + chat.getRawAuthority()
                + chat.getRawPath());
    }

    /** The server's own origin: what a page of its own would send. */
    String origin() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    URI resolve(String relative) {
        return base.resolve(relative);
    }

    /** {@code room}, refused when it breaks the protocol's rule (1-64 of A-Z a-z 0-9 _ . -). */
    static String room(String room) {
        if (room == null || !ROOM.matcher(room).matches()) {
            throw new IllegalArgumentException("a room is 1-64 of A-Z a-z 0-9 _ . -, not " + room);
        }
        return room;
    }

    /** {@code user}, a subject: refused unless 1-255 characters without control characters. */
    static String subject(String user) {
        if (user == null || user.isEmpty() || user.length() > 255 || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a user (subject) is 1-255 characters without control characters, not "
                    + user);
        }
        return user;
    }
}
