package dev.parley.application;

import static dev.parley.application.ChatFixture.NOW_ON_THE_WIRE;
import static dev.parley.application.ChatFixture.assertMessage;
import static dev.parley.application.ChatFixture.rangeClosed;
import static dev.parley.application.ChatFixture.seq;
import static dev.parley.application.ChatFixture.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.protocol.ClientFrame;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Posting, the text and rate limits, typing, history, ping, and failures inside the server. */
class ChatServiceMessageTest {

    private final ChatFixture fixture = new ChatFixture();

    // --- message ---

    @Test
    void acksToTheSenderThenSendsItTheMessage() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.post("lobby", "hi", "c1");

        JsonObject ack = ada.next("ack");
        assertEquals(Set.of("type", "id", "room", "seq", "ts"), ack.keySet());
        assertEquals("c1", ack.getString("id"));
        assertEquals("lobby", ack.getString("room"));
        assertEquals(1, seq(ack));
        assertEquals(NOW_ON_THE_WIRE, ack.getString("ts"));
        assertMessage(ada.next("message"), 1, "c1", "ada", "hi");
        ada.expectNothing();
    }

    @Test
    void sendsTheMessageToEveryMember() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient adaTab2 = fixture.joined("lobby", "ada");
        ada.clear();

        ada.post("lobby", "hi", "c1");

        assertMessage(bob.next("message"), 1, "c1", "ada", "hi");
        assertMessage(adaTab2.next("message"), 1, "c1", "ada", "hi");
        bob.expectNothing();
        adaTab2.expectNothing();
    }

    @Test
    void everyMemberGetsTheSameMessage() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear();

        ada.post("lobby", "hi", "c1");
        ada.next("ack");

        assertEquals(ada.next("message"), bob.next("message"));
    }

    @Test
    void leavesOutTheIdWhenTheClientGaveNone() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.post("lobby", "hi", null);

        assertEquals(Set.of("type", "room", "seq", "ts"), ada.next("ack").keySet());
        assertMessage(ada.next("message"), 1, null, "ada", "hi");
    }

    @Test
    void doesNotSendToOtherRooms() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient carol = fixture.joined("dev", "carol");

        ada.post("lobby", "hi", null);

        carol.expectNothing();
    }

    @Test
    void numbersMessagesFromOneWithoutGaps() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear();

        ada.post("lobby", "one", null);
        bob.post("lobby", "two", null);
        ada.post("lobby", "three", null);

        assertEquals(List.of("ack 1", "message 1", "message 2", "ack 3", "message 3"), ada.takeAll());
        assertEquals(List.of("message 1", "ack 2", "message 2", "message 3"), bob.takeAll());
    }

    @Test
    void numbersEachRoomOnItsOwn() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.join("dev", null).clear();

        ada.post("lobby", "l1", null).post("lobby", "l2", null).post("dev", "d1", null).post("lobby", "l3", null);

        assertEquals(List.of(1L, 2L, 1L, 3L), ackedSeqs(ada, 4));
    }

    @Test
    void stampsTheMessageWithTheClock() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.post("lobby", "hi", null).next("ack");

        assertEquals(NOW_ON_THE_WIRE, ada.next("message").getString("ts"));
    }

    @Test
    void sendsUnderTheBoundName() {
        FakeClient adaTab2 = fixture.connect().clear();
        adaTab2.join("lobby", "ada").clear();
        adaTab2.join("dev", null).clear();

        adaTab2.post("dev", "hi", null).next("ack");

        assertEquals("ada", adaTab2.next("message").getString("user"));
    }

    @Test
    void keepsTheTextAsSent() {
        FakeClient ada = fixture.joined("lobby", "ada");
        String text = " line one\nline \"two\" </script> \ud83d\ude00 ";

        ada.post("lobby", text, null).next("ack");

        assertEquals(text, ada.next("message").getString("text"));
    }

    @Test
    void everyMemberReceivesConcurrentPostsInSeqOrder() throws Exception {
        ChatFixture chat = new ChatFixture(Map.of("PARLEY_MESSAGES_PER_SECOND", "100000",
                "PARLEY_MESSAGE_BURST", "100000"));
        List<FakeClient> posters = List.of(chat.joined("lobby", "ada"), chat.joined("lobby", "bob"),
                chat.joined("lobby", "carol"), chat.joined("lobby", "dave"));
        FakeClient reader = chat.joined("lobby", "eve");
        posters.forEach(FakeClient::clear);
        ExecutorService threads = Executors.newFixedThreadPool(posters.size());
        try {
            List<Callable<Object>> tasks = posters.stream()
                    .map(poster -> Executors.callable(() -> postUnspaced(poster, 250))).toList();
            for (Future<Object> done : threads.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }

        List<Long> expected = rangeClosed(1, 1000);
        assertEquals(expected, summarisedSeqs(reader.takeAll()));
        for (FakeClient poster : posters) {
            List<String> messages = poster.takeAll().stream().filter(frame -> frame.startsWith("message ")).toList();
            assertEquals(expected, summarisedSeqs(messages));
        }
    }

    // --- text length ---

    @Test
    void acceptsATextOfMaxTextChars() {
        FakeClient ada = tenCharChat().joined("lobby", "ada");

        ada.post("lobby", "0123456789", "c1");

        assertEquals(1, seq(ada.next("ack")));
    }

    @Test
    void refusesATextLongerThanMaxTextChars() {
        ChatFixture chat = tenCharChat();
        FakeClient ada = chat.joined("lobby", "ada");
        FakeClient bob = chat.joined("lobby", "bob");
        ada.clear();

        ada.post("lobby", "0123456789X", "c1").nextError("too_large", "c1");

        ada.expectNothing();
        bob.expectNothing();
    }

    @Test
    void tooLargeWithoutIdRefersToTheType() {
        FakeClient ada = tenCharChat().joined("lobby", "ada");

        ada.post("lobby", "0123456789X", null).nextError("too_large", "message");
    }

    @Test
    void aRefusedTextTakesNoSeq() {
        FakeClient ada = tenCharChat().joined("lobby", "ada");
        ada.post("lobby", "0123456789X", null).clear();

        ada.post("lobby", "short", null);

        assertEquals(1, seq(ada.next("ack")));
    }

    // --- rate limit ---

    @Test
    void acceptsABurstOfMessageBurstMessages() {
        FakeClient ada = rateLimitedChat().joined("lobby", "ada");

        postUnspaced(ada, 3);

        assertEquals(List.of(1L, 2L, 3L), ackedSeqs(ada, 3));
    }

    @Test
    void refusesAMessageBeyondTheBurst() {
        ChatFixture chat = rateLimitedChat();
        FakeClient ada = chat.joined("lobby", "ada");
        FakeClient bob = chat.joined("lobby", "bob");
        postUnspaced(ada, 3);
        ada.clear();
        bob.clear();

        ada.post("lobby", "one too many", "c4").nextError("rate_limited", "c4");

        ada.expectNothing();
        bob.expectNothing();
    }

    @Test
    void acceptsAgainOnceTheBucketRefills() {
        ChatFixture chat = rateLimitedChat();
        FakeClient ada = chat.joined("lobby", "ada");
        postUnspaced(ada, 3);
        ada.post("lobby", "refused", null).clear();

        chat.nanos.advance(Duration.ofMillis(500));
        ada.post("lobby", "again", null);

        assertEquals(4, seq(ada.next("ack")));
    }

    @Test
    void theRateLimitIsPerConnection() {
        ChatFixture chat = rateLimitedChat();
        FakeClient ada = chat.joined("lobby", "ada");
        FakeClient adaTab2 = chat.joined("lobby", "ada");
        postUnspaced(ada, 3);
        adaTab2.clear();

        adaTab2.post("lobby", "from the other tab", null);

        assertEquals(4, seq(adaTab2.next("ack")));
    }

    @Test
    void theRateLimitIsNotPerRoom() {
        ChatFixture chat = rateLimitedChat();
        FakeClient ada = chat.joined("lobby", "ada");
        ada.join("dev", null).clear();
        postUnspaced(ada, 3);
        ada.clear();

        ada.post("dev", "elsewhere", null).nextError("rate_limited", "message");
    }

    // --- not joined ---

    @Test
    void refusesAMessageForARoomNotJoined() {
        fixture.joined("dev", "bob");
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.post("dev", "hi", "c1").nextError("not_joined", "c1");
    }

    @Test
    void refusesAMessageWithoutIdForARoomNotJoinedWithTheTypeAsRef() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.post("dev", "hi", null).nextError("not_joined", "message");
    }

    @Test
    void aMessageForARoomNotJoinedReachesNobody() {
        FakeClient bob = fixture.joined("dev", "bob");
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.post("dev", "hi", null).clear();

        bob.expectNothing();
    }

    @Test
    void refusesAMessageBeforeAnyJoin() {
        FakeClient ada = fixture.connect().clear();

        ada.post("lobby", "hi", "c1").nextError("not_joined", "c1");
    }

    @Test
    void refusesTypingInARoomNotJoined() {
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.typing("dev").nextError("not_joined", "typing");
    }

    @Test
    void refusesHistoryOfARoomNotJoined() {
        fixture.joined("dev", "bob").postMany("dev", 3);
        FakeClient ada = fixture.joined("lobby", "ada");

        ada.history("dev", null, 50).nextError("not_joined", "history");
        ada.expectNothing();
    }

    // --- typing ---

    @Test
    void sendsTypingToTheOtherNames() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient bob = fixture.joined("lobby", "bob");
        FakeClient carol = fixture.joined("lobby", "carol");
        bob.clear();

        ada.typing("lobby");

        JsonObject typing = bob.next("typing");
        assertEquals(Set.of("type", "room", "user", "sub"), typing.keySet());
        assertEquals("lobby", typing.getString("room"));
        assertEquals("ada", typing.getString("sub"));
        assertEquals("ada", typing.getString("user"));
        assertEquals(typing, carol.next("typing"));
    }

    @Test
    void doesNotSendTypingToTheTypersOwnConnections() {
        FakeClient ada = fixture.joined("lobby", "ada");
        fixture.joined("lobby", "bob");
        FakeClient adaTab2 = fixture.joined("lobby", "ada");
        ada.clear();

        ada.typing("lobby");

        ada.expectNothing();
        adaTab2.expectNothing();
    }

    @Test
    void doesNotSendTypingToOtherRooms() {
        FakeClient ada = fixture.joined("lobby", "ada");
        FakeClient carol = fixture.joined("dev", "carol");

        ada.typing("lobby");

        carol.expectNothing();
    }

    // --- history ---

    @Test
    void answersHistoryWithTheMessagesBeforeASeq() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 10);

        JsonObject history = ada.history("lobby", 8L, 3).next("history");

        assertEquals(Set.of("type", "room", "messages"), history.keySet());
        assertEquals("lobby", history.getString("room"));
        assertEquals(List.of(5L, 6L, 7L), seqs(history.getJsonArray("messages")));
        ada.expectNothing();
    }

    @Test
    void historyItemsAreFullMessageObjects() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.post("lobby", "hi", "c1").clear();

        JsonObject item = ada.history("lobby", null, 50).next("history").getJsonArray("messages").getJsonObject(0);

        assertMessage(item, 1, "c1", "ada", "hi");
    }

    @Test
    void answersHistoryWithTheLatestMessagesWithoutBefore() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 10);

        assertEquals(List.of(9L, 10L), historySeqs(ada, null, 2));
    }

    @Test
    void historyOfFiftyGivesTheLastFiftyOfMore() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 60);

        assertEquals(rangeClosed(11, 60), historySeqs(ada, null, 50));
    }

    @Test
    void historyBeforeBeyondTheNewestGivesTheLatest() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 5);

        assertEquals(List.of(4L, 5L), historySeqs(ada, 1000L, 2));
    }

    @Test
    void historyOfAnEmptyRoomIsEmpty() {
        FakeClient ada = fixture.joined("lobby", "ada");

        assertEquals(List.of(), historySeqs(ada, null, 50));
    }

    @Test
    void historyBeforeTheFirstMessageIsEmpty() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 5);

        assertEquals(List.of(), historySeqs(ada, 1L, 50));
    }

    @Test
    void historyGoesOnlyToTheAsker() {
        FakeClient ada = fixture.joined("lobby", "ada").postMany("lobby", 3);
        FakeClient bob = fixture.joined("lobby", "bob");
        ada.clear();

        ada.history("lobby", null, 50).next("history");

        bob.expectNothing();
    }

    // --- ping ---

    @Test
    void answersPingWithPong() {
        FakeClient ada = fixture.connect().clear();

        JsonObject pong = ada.send(new ClientFrame.Ping()).next("pong");

        assertEquals(Set.of("type"), pong.keySet());
        ada.expectNothing();
    }

    // --- failures ---

    @Test
    void answersAFailureInsideTheServerWithInternal() {
        FakeClient ada = fixture.connect().clear();
        ada.peer().failNextOffer();

        ada.send(new ClientFrame.Ping()).nextError("internal", "ping");

        ada.expectNothing();
    }

    @Test
    void theConnectionStaysUsableAfterAnInternalError() {
        FakeClient ada = fixture.joined("lobby", "ada");
        ada.peer().failNextOffer();
        ada.send(new ClientFrame.Ping()).clear();

        ada.post("lobby", "still here", null).next("ack");
    }

    // --- helpers ---

    private static ChatFixture tenCharChat() {
        return new ChatFixture(Map.of("PARLEY_MAX_TEXT_CHARS", "10"));
    }

    /** Two messages a second, bursts of three. */
    private static ChatFixture rateLimitedChat() {
        return new ChatFixture(Map.of("PARLEY_MESSAGES_PER_SECOND", "2", "PARLEY_MESSAGE_BURST", "3"));
    }

    /** Posts {@code count} messages at one instant of the nano clock. */
    private static void postUnspaced(FakeClient client, int count) {
        for (int i = 1; i <= count; i++) {
            client.post("lobby", "burst " + i, null);
        }
    }

    /** The seqs in frames summarised as "message 7". */
    private static List<Long> summarisedSeqs(List<String> frames) {
        return frames.stream().map(frame -> Long.parseLong(frame.substring(frame.indexOf(' ') + 1))).toList();
    }

    /** The seqs of the next {@code count} acks, each followed by its own message. */
    private static List<Long> ackedSeqs(FakeClient client, int count) {
        Long[] seqs = new Long[count];
        for (int i = 0; i < count; i++) {
            seqs[i] = seq(client.next("ack"));
            assertEquals(seqs[i], seq(client.next("message")));
        }
        client.expectNothing();
        return List.of(seqs);
    }

    private static List<Long> historySeqs(FakeClient client, Long before, int limit) {
        return seqs(client.history("lobby", before, limit).next("history").getJsonArray("messages"));
    }
}
