package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The room store's rules without a server: gaps, duplicates, resends, recovery after a rejoin. */
class RoomStoreTest {

    private final RoomStore store = new RoomStore("lobby");

    private static JsonObject frame(String json) {
        return Frames.object(json.replace('\'', '"'));
    }

    private static String message(long seq, String user, String text, String id) {
        return "{'type':'message','room':'lobby','seq':" + seq + ",'user':'" + user + "','text':'" + text + "'"
                + (id == null ? "" : ",'id':'" + id + "'") + ",'ts':'2026-12-07T10:00:00.000Z'}";
    }

    private void joined(long seq, boolean recovered, String... history) {
        store.onJoined(frame("{'type':'joined','room':'lobby','user':'ada','members':['bob','ada'],'seq':" + seq
                + ",'epoch':'e1','recovered':" + recovered + ",'history':[" + String.join(",", history) + "]}"));
    }

    private List<Long> seqs() {
        return store.messages().stream().map(ChatMessage::seq).toList();
    }

    @Test
    void theFirstJoinSendsNoSinceAndARejoinResumesFromTheLastSeqInItsEpoch() {
        assertEquals(frame("{'type':'join','room':'lobby','name':'ada'}"), Frames.object(store.join("ada")));
        joined(2, false, message(1, "bob", "one", null), message(2, "bob", "two", null));
        store.onMessage(frame(message(3, "bob", "three", null)));
        store.disconnected();
        assertEquals(frame("{'type':'join','room':'lobby','name':'ada','since':3,'epoch':'e1'}"),
                Frames.object(store.join("ada")));
        assertEquals(List.of("ada", "bob"), store.members());
    }

    @Test
    void aMessageSeenBeforeIsADuplicateAndIsNotAddedAgain() {
        store.join("ada");
        joined(1, false, message(1, "bob", "one", null));
        RoomStore.MessageOutcome again = store.onMessage(frame(message(1, "bob", "one", null)));
        assertNull(again.added());
        assertNull(again.gap());
        assertEquals(List.of(1L), seqs());
    }

    @Test
    void aMessagePastAHoleAsksForTheMissingOnesAndTheHistoryFillsThem() {
        store.join("ada");
        joined(1, false, message(1, "bob", "one", null));
        RoomStore.MessageOutcome outcome = store.onMessage(frame(message(5, "bob", "five", null)));
        assertNotNull(outcome.added());
        assertEquals(frame("{'type':'history','room':'lobby','limit':3,'before':5}"), Frames.object(outcome.gap()));

        RoomStore.HistoryOutcome filled = store.onHistory(frame("{'type':'history','room':'lobby','messages':["
                + message(2, "bob", "two", null) + "," + message(3, "bob", "three", null) + ","
                + message(4, "bob", "four", null) + "]}"));
        assertEquals(RoomStore.Request.GAP, filled.request());
        assertEquals(3, filled.added().size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs());
    }

    @Test
    void anAckTakesItsSeqAndTheEchoThatFollowsIsADuplicate() {
        store.join("ada");
        joined(0, false);
        store.post("hi", "c1");
        assertEquals(List.of(Frames.message("lobby", "hi", "c1")), store.outgoing());
        assertEquals(List.of(), store.outgoing(), "sent once per connection");

        RoomStore.AckOutcome ack = store.onAck(frame("{'type':'ack','id':'c1','room':'lobby','seq':1}"));
        assertEquals("hi", ack.added().message().text());
        assertEquals("c1", ack.added().confirmed().id);
        assertNull(store.onMessage(frame(message(1, "ada", "hi", "c1"))).added());
        assertEquals(0, store.pendingCount());
    }

    @Test
    void aMessageSentOnAConnectionThatEndedGoesOutAgainWithTheSameIdAfterTheRejoin() {
        store.join("ada");
        joined(0, false);
        store.post("hi", "c1");
        store.outgoing();
        store.disconnected();
        assertEquals(List.of(), store.outgoing(), "nothing goes out before the rejoin's joined");
        store.join("ada");
        joined(0, true);
        assertEquals(List.of(Frames.message("lobby", "hi", "c1")), store.outgoing());
    }

    @Test
    void aResendFoundInTheRejoinsHistoryIsConfirmedByItAndNotSentAgain() {
        store.join("ada");
        joined(0, false);
        store.post("hi", "c1");
        store.outgoing();
        store.disconnected();
        store.join("ada");
        RoomStore.JoinOutcome outcome = store.onJoined(frame("{'type':'joined','room':'lobby','members':['ada'],"
                + "'seq':1,'epoch':'e1','recovered':true,'history':[" + message(1, "ada", "hi", "c1") + "]}"));
        assertEquals("c1", outcome.added().get(0).confirmed().id);
        assertEquals(List.of(), store.outgoing());
    }

    @Test
    void aResendTheServerRecordedBeforeIsAckedWithTheOriginalSeqAndShownOnce() {
        store.join("ada");
        joined(0, false);
        store.post("hi", "c1");
        store.outgoing();
        store.onMessage(frame(message(1, "ada", "hi", "c1"))); // the echo came, the ack was lost
        assertEquals(0, store.pendingCount(), "the echo confirmed it");

        store.post("again", "c2");
        store.outgoing();
        store.onMessage(frame(message(2, "bob", "between", null)));
        store.disconnected();
        store.join("ada");
        joined(2, true);
        store.outgoing();
        store.onMessage(frame(message(3, "ada", "again", "c2")));
        RoomStore.AckOutcome ack = store.onAck(frame("{'type':'ack','id':'c2','room':'lobby','seq':3}"));
        assertNull(ack.added());
        assertNull(ack.duplicate(), "the echo confirmed it before the ack");
        assertEquals(List.of(1L, 2L, 3L), seqs());
    }

    @Test
    void anAckOfAMessageAlreadyHeldDropsThePendingResendAsADuplicate() {
        store.join("ada");
        joined(1, false, message(1, "ada", "hi", "other-client"));
        RoomStore.Pending resend = store.post("hi", "c9");
        store.outgoing();
        RoomStore.AckOutcome ack = store.onAck(frame("{'type':'ack','id':'c9','room':'lobby','seq':1}"));
        assertSame(resend, ack.duplicate());
        assertEquals(0, store.pendingCount());
    }

    @Test
    void aRejoinThatCouldNotRecoverDropsWhatWasHeldAndStartsFromItsHistory() {
        store.join("ada");
        joined(2, false, message(1, "bob", "one", null), message(2, "bob", "two", null));
        store.disconnected();
        store.join("ada");
        RoomStore.JoinOutcome outcome = store.onJoined(frame("{'type':'joined','room':'lobby','members':[],'seq':9,"
                + "'epoch':'e2','recovered':false,'history':[" + message(9, "bob", "nine", null) + "]}"));
        assertTrue(outcome.reset());
        assertEquals(List.of(9L), seqs());
        assertEquals("e2", store.epoch());
    }

    @Test
    void errorsOnAMessageFailItUnlessTheServerCouldNotTakeItNow() {
        store.join("ada");
        joined(0, false);
        store.post("too long", "c1");
        store.post("later", "c2");
        store.outgoing();
        RoomStore.ErrorOutcome tooLarge = store.onError(frame("{'type':'error','code':'too_large','ref':'c1'}"));
        assertEquals("c1", tooLarge.pending().id);
        assertFalse(store.isPending("c1"));

        store.onError(frame("{'type':'error','code':'unavailable','ref':'c2'}"));
        assertEquals(List.of(Frames.message("lobby", "later", "c2")), store.outgoing(), "waiting: sent again");

        RoomStore.ErrorOutcome notJoined = store.onError(frame("{'type':'error','code':'not_joined','ref':'c2'}"));
        assertTrue(notJoined.rejoin());
        assertFalse(store.joined());
    }

    @Test
    void historyAnswersGoToTheirRequestsInOrder() {
        store.join("ada");
        joined(10, false, message(10, "bob", "ten", null));
        store.page(10, 2);
        store.onMessage(frame(message(12, "bob", "twelve", null)));
        RoomStore.HistoryOutcome page = store.onHistory(frame("{'type':'history','room':'lobby','messages':["
                + message(8, "bob", "eight", null) + "," + message(9, "bob", "nine", null) + "]}"));
        assertEquals(RoomStore.Request.PAGE, page.request());
        assertEquals(2, page.page().size());
        assertEquals(RoomStore.Request.GAP, store.onHistory(frame("{'type':'history','room':'lobby','messages':["
                + message(11, "bob", "eleven", null) + "]}")).request());
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs());
    }
}
