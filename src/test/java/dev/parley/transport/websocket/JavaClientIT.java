package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.Ack;
import dev.parley.client.ChatMessage;
import dev.parley.client.ClientEvent;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.ParleyOptions;
import dev.parley.client.Room;
import dev.parley.client.RoomEvent;
import dev.parley.config.ParleyConfig;
import dev.parley.testing.Await;
import dev.parley.testing.TemporaryFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client (clients/java) against the real endpoint on Tyrus in this JVM: chatting, paging back, recovering
 * what was missed after the network cut the connection, and resending a message whose ack was lost so that every
 * client shows it once; and the program of its README, run on the jar the build made. The server keeps 5 messages a
 * room, so that a rejoin's history can miss a message.
 */
class JavaClientIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static ParleyServer server;
    private final List<ParleyClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.load(Map.of(), Map.of("parley.historySize", "5")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ParleyClient::close);
    }

    @Test
    void twoClientsChatEachMessageIsShownOnceAndHistoryPagesBack() throws Exception {
        String room = randomRoom();
        Person ada = join("ada", room, serverUri());
        Person bob = join("bob", room, serverUri());
        Ack first = await(ada.room.send("hello from Java"));
        assertEquals(1, first.seq());
        assertEquals(room, first.room());
        for (int n = 2; n <= 4; n++) {
            await(bob.room.send("bob " + n));
        }
        Await.until(TIMEOUT, () -> ada.seen().size() == 4 && bob.seen().size() == 4, "both see four messages");
        List<String> expected = List.of("ada: hello from Java", "bob: bob 2", "bob: bob 3", "bob: bob 4");
        assertEquals(expected, ada.seen());
        assertEquals(expected, bob.seen());
        assertEquals(List.of("ada", "bob"), ada.room.members());

        List<ChatMessage> page = await(ada.room.before(3, 2));
        assertEquals(List.of(1L, 2L), page.stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(3L, 4L), await(bob.room.history(2)).stream().map(ChatMessage::seq).toList());
        assertThrows(IllegalArgumentException.class, () -> ada.room.history(201));
    }

    @Test
    void aRefusedMessageFailsItsStageWithTheServersCode() throws Exception {
        Person ada = join("ada", randomRoom(), serverUri());
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> ada.room.send("x".repeat(4001)).toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertEquals("too_large", ((ParleyException) refused.getCause()).code());
        assertEquals(1, await(ada.room.send("short")).seq(), "nothing was numbered for the refused one");
    }

    @Test
    void afterTheConnectionIsCutTheRejoinRecoversExactlyWhatWasMissed() throws Exception {
        try (StallingProxy cable = new StallingProxy(server.chatUri())) {
            String room = randomRoom();
            Person ada = join("ada", room, cable.httpUri());
            Person bob = join("bob", room, serverUri());
            await(bob.room.send("before 1"));
            await(bob.room.send("before 2"));
            Await.until(TIMEOUT, () -> ada.seen().size() == 2, "ada sees the first two");

            cutOff(cable, ada);
            for (int n = 1; n <= 3; n++) {
                await(bob.room.send("missed " + n));
            }
            cable.refuse(false);

            Await.until(TIMEOUT, () -> ada.seen().size() == 5, "ada recovers the three she missed");
            RoomEvent.Joined rejoin = ada.joins.get(ada.joins.size() - 1);
            assertTrue(rejoin.recovered(), "recovered with since and epoch");
            assertFalse(rejoin.reset());
            assertEquals(List.of("bob: before 1", "bob: before 2", "bob: missed 1", "bob: missed 2", "bob: missed 3"),
                    ada.seen());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(ada.room));
            assertEquals(6, await(ada.room.send("back")).seq());
        }
    }

    @Test
    void aMessageWhoseAckWasLostIsResentAfterTheReconnectAndShownOnceEverywhere() throws Exception {
        try (StallingProxy cable = new StallingProxy(server.chatUri())) {
            String room = randomRoom();
            Person ada = join("ada", room, cable.httpUri());
            Person bob = join("bob", room, serverUri());
            cable.hold(true);
            CompletionStage<Ack> ack = ada.room.send("sent once, resent");
            Await.until(TIMEOUT, () -> bob.seen().size() == 1, "bob sees it: the server recorded it as seq 1");
            cutOff(cable, ada);
            cable.hold(false);
            for (int n = 2; n <= 7; n++) {
                await(bob.room.send("bob " + n)); // pushes seq 1 out of the 5 the server keeps
            }
            cable.refuse(false);

            assertEquals(1, await(ack).seq(), "acked with the seq the first send got");
            assertFalse(ada.joins.get(ada.joins.size() - 1).recovered(), "the history could not cover what ada missed");
            await(ada.room.send("done"));
            Await.until(TIMEOUT, () -> bob.seen().contains("ada: done"), "bob sees done");
            assertEquals(List.of("ada: sent once, resent", "bob: bob 2", "bob: bob 3", "bob: bob 4", "bob: bob 5",
                    "bob: bob 6", "bob: bob 7", "ada: done"), bob.seen());
            assertEquals(1, ada.seen().stream().filter("ada: sent once, resent"::equals).count());
            assertEquals(List.of(1L, 3L, 4L, 5L, 6L, 7L, 8L), seqs(ada.room));
        }
    }

    @Test
    void searchFindsARoomsMessagesByTheirWordsNewestFirstAndPagesBack() throws Exception {
        Person ada = join("ada", randomRoom(), serverUri());
        for (String text : List.of("the quick brown fox", "a lazy dog", "another fox, quicker")) {
            await(ada.room.send(text));
        }
        List<ChatMessage> found = await(ada.room.search("fox", 0, 50));
        assertEquals(List.of("another fox, quicker", "the quick brown fox"),
                found.stream().map(ChatMessage::text).toList());
        assertEquals(List.of(found.get(1)), await(ada.room.search("FOX", found.get(0).seq(), 50)));
        assertEquals(List.of(), await(ada.room.search("cat", 0, 50)));
        assertThrows(IllegalArgumentException.class, () -> ada.room.search(" ", 0, 50));
    }

    @Test
    void directGivesBothUsersOneConversationWhereTheyChat() throws Exception {
        String lobby = randomRoom();
        Person ada = join("ada", lobby, serverUri()); // the joins bind the names the direct conversation needs
        Person bob = join("bob", lobby, serverUri());
        ClientEvent.Direct toBob = await(ada.client.direct("bob"));
        assertEquals("bob", toBob.user());
        assertTrue(toBob.room().startsWith("dm."), toBob.room());
        assertEquals(toBob.room(), await(bob.client.direct("ada")).room(), "the same room whoever asks");

        Room adaDm = ada.client.join(toBob.room(), ada::see);
        Room bobDm = bob.client.join(toBob.room(), bob::see);
        await(adaDm.joined());
        await(bobDm.joined());
        await(adaDm.send("just between us"));
        Await.until(TIMEOUT, () -> bob.seen().contains("ada: just between us"), "bob sees ada's direct message");

        Person eve = join("eve", lobby, serverUri());
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> await(eve.client.join(toBob.room()).joined()));
        assertEquals("forbidden", ((ParleyException) refused.getCause()).code(), "nobody else gets in");
    }

    @Test
    void theReadmesProgramChatsOnTheBuiltJar() throws Exception {
        String readme = Files.readString(Path.of("clients/java/README.md"));
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "the README shows a program");
        Path dir = Files.createTempDirectory("java-client-readme");
        try {
            Path program = Files.writeString(dir.resolve("Chat.java"),
                    block.group(1).replace("http://localhost:8080/", serverUri().toString()));
            Path output = dir.resolve("output.txt");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process chat = new ProcessBuilder(java, "-cp", "clients/java/target/parley-client.jar", program.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            chat.getOutputStream().close();
            boolean ended = chat.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                chat.destroyForcibly();
            }
            assertTrue(ended, "the program did not end");
            String printed = Files.readString(output);
            assertEquals(0, chat.exitValue(), printed);
            assertTrue(printed.contains("ada: Hello from Java\n"), printed);
            assertTrue(printed.matches("(?s).*sent as #\\d+\n.*"), printed);
        } finally {
            TemporaryFiles.delete(dir);
        }
    }

    /** The network fails under {@code person}: the connection is cut, and reconnects fail until refuse(false). */
    private static void cutOff(StallingProxy cable, Person person) throws Exception {
        cable.refuse(true);
        cable.cut();
        Await.until(TIMEOUT, () -> !"online".equals(person.client.status()), person.client.user() + " notices the cut");
    }

    private Person join(String name, String room, URI address) throws Exception {
        ParleyClient client = ParleyClient.connect(address, ParleyOptions.builder().name(name)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build());
        clients.add(client);
        Person person = new Person(client);
        person.room = client.join(room, person::see);
        await(person.room.joined());
        return person;
    }

    private static URI serverUri() {
        return URI.create("http://127.0.0.1:" + server.chatUri().getPort() + "/");
    }

    static String randomRoom() {
        return "java-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<Long> seqs(Room room) {
        return room.messages().stream().map(ChatMessage::seq).toList();
    }

    /** A client in one room, with what the room showed it and its joins. */
    static final class Person {
        final ParleyClient client;
        final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
        final List<RoomEvent.Joined> joins = new CopyOnWriteArrayList<>();
        Room room;

        Person(ParleyClient client) {
            this.client = client;
        }

        void see(RoomEvent event) {
            if (event instanceof ChatMessage message) {
                messages.add(message);
            } else if (event instanceof RoomEvent.Joined joined) {
                joins.add(joined);
            }
        }

        List<String> seen() {
            return messages.stream().map(m -> m.user() + ": " + m.text()).toList();
        }
    }
}
