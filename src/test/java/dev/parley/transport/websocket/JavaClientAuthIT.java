package dev.parley.transport.websocket;

import static dev.parley.transport.websocket.JavaClientIT.await;
import static dev.parley.transport.websocket.JavaClientIT.randomRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.ClientEvent;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.ParleyOptions;
import dev.parley.client.Room;
import dev.parley.client.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.Await;
import dev.parley.testing.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client signing in to the real endpoint on Tyrus with parley.auth=jwt: tokens from a supplier (the host
 * application's part, played here with {@link Tokens}), renewed before they expire on the same connection, and a
 * refused token followed by a reconnect that asks the supplier again; and moderation by the roles tokens grant. A
 * class of its own: the in-JVM endpoints take their beans from the first CDI container of the JVM, so one test class
 * runs one server.
 */
class JavaClientAuthIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of(
                "parley.auth", "jwt", "parley.jwtSecret", Tokens.SECRET)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signsInWithTheSupplierJoinsAsTheTokensUserAndRenewsBeforeExpiryWithoutReconnecting() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        ParleyOptions options = ParleyOptions.builder().token(() -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(Tokens.hs256("ada", Instant.now().plusSeconds(4)));
        }).build();
        try (ParleyClient ada = ParleyClient.connect(serverUri(), options)) {
            ada.addListener(events::add);
            Room room = ada.join(randomRoom());
            await(room.joined());
            assertEquals("ada", ada.user());

            // A 4-second token is renewed after four fifths of its life; the server would cut the connection at expiry.
            Await.until(TIMEOUT, () -> authenticated(events).size() >= 3, "two renewals");
            List<ClientEvent.Authenticated> signedIn = authenticated(events);
            assertTrue(signedIn.get(2).expires().isAfter(signedIn.get(0).expires()));
            assertTrue(asked.get() >= 3);
            assertEquals(1, await(room.send("still signed in")).seq());
            assertEquals(List.of(), events.stream().filter(e -> e.equals(new ClientEvent.Status("reconnecting")))
                    .toList(), "never reconnected");
        }
    }

    @Test
    void aRefusedTokenIsReportedAndTheReconnectAsksTheSupplierAgain() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        ParleyOptions options = ParleyOptions.builder()
                .token(() -> CompletableFuture.completedFuture(asked.incrementAndGet() == 1 ? "not.a-token.at-all"
                        : Tokens.hs256("bob", Instant.now().plusSeconds(60))))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        try (ParleyClient bob = ParleyClient.connect(serverUri(), options)) {
            bob.addListener(events::add);
            await(bob.join(randomRoom()).joined());
            List<String> failures = events.stream().filter(e -> e instanceof ClientEvent.Failed)
                    .map(e -> ((ClientEvent.Failed) e).error()).map(e -> e.code() + " " + e.ref()).toList();
            assertEquals(List.of("unauthorized auth"), failures);
            assertEquals(2, asked.get());
            assertEquals("bob", bob.user());
        }
    }

    @Test
    void anOwnerKicksBansUnbansAndGivesRolesAndAMemberMayDoNoneOfIt() throws Exception {
        String room = randomRoom();
        List<RoomEvent> bobSees = new CopyOnWriteArrayList<>();
        try (ParleyClient ada = signedIn("ada", Map.of(room, "owner")); ParleyClient bob = signedIn("bob", Map.of())) {
            await(ada.join(room).joined());
            await(bob.join(room, bobSees::add).joined());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> await(bob.kick(room, "ada")));
            ParleyException error = (ParleyException) refused.getCause();
            assertEquals("forbidden kick", error.code() + " " + error.ref());

            assertEquals(new ClientEvent.Moderated("kick", room, "bob"), await(ada.kick(room, "bob")));
            Await.until(TIMEOUT, () -> bobSees.contains(new RoomEvent.Left(room, "kicked")), "bob told he was kicked");
            await(bob.join(room, bobSees::add).joined()); // a kicked user may come back

            assertEquals(new ClientEvent.Moderated("ban", room, "bob"), await(ada.ban(room, "bob")));
            Await.until(TIMEOUT, () -> bobSees.contains(new RoomEvent.Left(room, "banned")), "bob told he was banned");
            refused = assertThrows(ExecutionException.class, () -> await(bob.join(room).joined()));
            assertEquals("forbidden", ((ParleyException) refused.getCause()).code(), "a banned user stays out");

            assertEquals(new ClientEvent.Moderated("unban", room, "bob"), await(ada.unban(room, "bob")));
            await(bob.join(room).joined());
            assertEquals(new ClientEvent.Moderated("role", room, "bob"), await(ada.role(room, "bob", "moderator")));
            assertEquals(new ClientEvent.Moderated("role", room, "bob"), await(ada.role(room, "bob", null)));
        }
    }

    private static ParleyClient signedIn(String user, Map<String, String> rooms) {
        return ParleyClient.connect(serverUri(), ParleyOptions.builder().token(() -> CompletableFuture
                .completedFuture(Tokens.hs256(user, user, Instant.now().plusSeconds(300), rooms))).build());
    }

    private static List<ClientEvent.Authenticated> authenticated(List<ClientEvent> events) {
        return events.stream().filter(e -> e instanceof ClientEvent.Authenticated)
                .map(e -> (ClientEvent.Authenticated) e).toList();
    }

    private static URI serverUri() {
        return URI.create("http://127.0.0.1:" + server.chatUri().getPort() + "/");
    }
}
