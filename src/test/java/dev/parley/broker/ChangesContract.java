package dev.parley.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.domain.Changed;
import dev.parley.domain.ChatMessage;
import dev.parley.domain.MessageChange;
import dev.parley.domain.Reactions;
import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} owes for message changes (edit, delete, react): the room's rev counts them, each is
 * delivered once in the room's order, history shows messages as they are now, and recovery hands back the messages
 * changed after a client's rev. An implementation's test runs it as a nested class, as {@link RoomRulesContract}.
 */
public abstract class ChangesContract extends ContractBrokers {

    protected static final RoomId LOBBY = new RoomId("lobby");
    protected static final UserName ADA = new UserName("ada");
    protected static final UserName BOB = new UserName("bob");
    private static final String THUMBS = "\uD83D\uDC4D";

    /** Whether the broker keeps messages older than its history size (an archive): they can be changed too. */
    protected boolean keepsOlderMessages() {
        return false;
    }

    @Test
    void editReactAndDeleteChangeTheMessageEachWithTheNextRev() throws Exception {
        Broker broker = broker();
        broker.subscribe(LOBBY);
        publish(broker, 2);
        skipPublished(2);

        Changed edit = broker.change(new MessageChange.Edit(LOBBY, 1, "ada-sub", "m1 fixed"));
        assertEquals(1, edit.rev());
        assertFalse(edit.noop());
        assertEquals("m1 fixed", edit.message().text());
        assertNotNull(edit.message().editedAt());
        assertEquals(1, edit.message().rev());
        assertEquals(edit, next(RoomEvent.Changed.class).changed());

        Changed on = broker.change(new MessageChange.React(LOBBY, 1, "bob-sub", BOB, THUMBS));
        assertEquals(2, on.rev());
        assertTrue(on.on());
        assertEquals(Map.of(THUMBS, List.of("bob-sub")), on.message().reactions().asMap());
        assertEquals("m1 fixed", on.message().text(), "a reaction keeps the edit");
        assertEquals(on, next(RoomEvent.Changed.class).changed());
        Changed off = broker.change(new MessageChange.React(LOBBY, 1, "bob-sub", BOB, THUMBS));
        assertEquals(3, off.rev());
        assertFalse(off.on());
        assertTrue(off.message().reactions().isEmpty());
        next(RoomEvent.Changed.class);

        Changed delete = broker.change(new MessageChange.Delete(LOBBY, 1));
        assertEquals(4, delete.rev());
        assertTrue(delete.message().deleted());
        assertEquals("", delete.message().text());
        assertEquals("ada-sub", delete.message().author(), "a tombstone keeps its author");
        assertEquals(delete, next(RoomEvent.Changed.class).changed());

        Changed again = broker.change(new MessageChange.Delete(LOBBY, 1));
        assertTrue(again.noop());
        assertEquals(4, again.rev(), "the tombstone's own rev");
        broker.publish(post(LOBBY, ADA, "after", null));
        assertEquals(3, next(RoomEvent.Published.class).message().seq(), "a repeated delete delivers nothing");

        ChatMessage now = broker.message(LOBBY, 1);
        assertTrue(now.deleted());
        assertEquals(4, now.rev());
        assertEquals("m2", broker.message(LOBBY, 2).text());
        assertEquals(4, broker.history(LOBBY, new HistoryQuery.Latest(10)).rev());
    }

    @Test
    void changesOfUnknownOrDeletedMessagesAreRefused() {
        Broker broker = broker();
        publish(broker, 1);
        assertNull(broker.message(LOBBY, 2));
        assertNull(broker.message(new RoomId("nowhere"), 1));
        assertThrows(NoSuchMessageException.class,
                () -> broker.change(new MessageChange.Edit(LOBBY, 2, "ada-sub", "x")));
        assertThrows(NoSuchMessageException.class, () -> broker.change(new MessageChange.Delete(LOBBY, 99)));
        broker.change(new MessageChange.Delete(LOBBY, 1));
        assertThrows(MessageDeletedException.class,
                () -> broker.change(new MessageChange.Edit(LOBBY, 1, "ada-sub", "x")));
        assertThrows(MessageDeletedException.class,
                () -> broker.change(new MessageChange.React(LOBBY, 1, "bob-sub", BOB, THUMBS)));
        assertEquals(1, broker.history(LOBBY, new HistoryQuery.Latest(10)).rev(), "refusals count no rev");
    }

    @Test
    void reactionsKeepTheirOrderAndAtMostTwentyEmoji() {
        Broker broker = broker();
        publish(broker, 1);
        broker.change(new MessageChange.React(LOBBY, 1, "ada-sub", ADA, THUMBS));
        broker.change(new MessageChange.React(LOBBY, 1, "bob-sub", BOB, ":tada:"));
        broker.change(new MessageChange.React(LOBBY, 1, "bob-sub", BOB, THUMBS));
        assertEquals(List.of(THUMBS, ":tada:"),
                List.copyOf(broker.message(LOBBY, 1).reactions().asMap().keySet()));
        assertEquals(List.of("ada-sub", "bob-sub"), broker.message(LOBBY, 1).reactions().asMap().get(THUMBS));

        for (int i = 3; i <= Reactions.MAX_EMOJI; i++) {
            broker.change(new MessageChange.React(LOBBY, 1, "ada-sub", ADA, String.valueOf(Character.toChars(
                    0x1F600 + i))));
        }
        assertThrows(TooManyReactionsException.class,
                () -> broker.change(new MessageChange.React(LOBBY, 1, "ada-sub", ADA, ":rocket:")));
        assertEquals(Reactions.MAX_EMOJI, broker.message(LOBBY, 1).reactions().asMap().size());
        assertTrue(broker.change(new MessageChange.React(LOBBY, 1, "cy-sub", new UserName("cy"), THUMBS)).on(),
                "a known emoji may still gain users");
    }

    @Test
    void historyShowsMessagesAsTheyAreNow() {
        Broker broker = broker();
        publish(broker, 3);
        broker.change(new MessageChange.Edit(LOBBY, 1, "ada-sub", "edited"));
        broker.change(new MessageChange.Delete(LOBBY, 2));
        broker.change(new MessageChange.React(LOBBY, 3, "bob-sub", BOB, THUMBS));

        History latest = broker.history(LOBBY, new HistoryQuery.Latest(10));
        assertEquals(3, latest.rev());
        assertEquals("edited", latest.messages().get(0).text());
        assertTrue(latest.messages().get(1).deleted());
        assertEquals(List.of("bob-sub"), latest.messages().get(2).reactions().asMap().get(THUMBS));
        assertTrue(broker.history(LOBBY, new HistoryQuery.Before(3, 10)).messages().get(1).deleted());
    }

    @Test
    void recoveryHandsBackTheMessagesChangedAfterTheClientsRev() {
        Broker broker = broker();
        String epoch = publish(broker, 5);
        broker.change(new MessageChange.Edit(LOBBY, 2, "ada-sub", "two")); // rev 1
        broker.change(new MessageChange.React(LOBBY, 3, "bob-sub", BOB, THUMBS)); // rev 2
        broker.change(new MessageChange.Edit(LOBBY, 5, "ada-sub", "five")); // rev 3

        History all = broker.history(LOBBY, new HistoryQuery.After(4, epoch, 0));
        assertTrue(all.complete());
        assertTrue(all.changesComplete());
        assertEquals(3, all.rev());
        assertEquals(List.of(2L, 3L), seqs(all.changes()), "seq 5 comes in messages, as it is now");
        assertEquals("five", all.messages().get(0).text());
        assertEquals(List.of(3L), seqs(broker.history(LOBBY, new HistoryQuery.After(4, epoch, 1)).changes()));
        assertEquals(List.of(2L), seqs(broker.history(LOBBY, new HistoryQuery.After(2, epoch, 0)).changes()));
        assertEquals(List.of(), broker.history(LOBBY, new HistoryQuery.After(5, epoch, 3)).changes());
        History notAsked = broker.history(LOBBY, new HistoryQuery.After(4, epoch));
        assertEquals(List.of(), notAsked.changes());
        assertTrue(notAsked.changesComplete());
        assertFalse(broker.history(LOBBY, new HistoryQuery.After(5, epoch, 9)).changesComplete(),
                "a rev the room never reached cannot be recovered from");
    }

    @Test
    void recoveryOfMoreThanTwoHundredChangesIsIncomplete() {
        Broker broker = broker(Map.of("PARLEY_HISTORY_SIZE", "300"));
        String epoch = publish(broker, History.MAX_CHANGES + 1);
        for (long seq = 1; seq <= History.MAX_CHANGES + 1; seq++) {
            broker.change(new MessageChange.Delete(LOBBY, seq));
        }
        History many = broker.history(LOBBY, new HistoryQuery.After(History.MAX_CHANGES + 1, epoch, 0));
        assertFalse(many.changesComplete());
        assertEquals(List.of(), many.changes());
        History enough = broker.history(LOBBY, new HistoryQuery.After(History.MAX_CHANGES + 1, epoch, 1));
        assertTrue(enough.changesComplete());
        assertEquals(History.MAX_CHANGES, enough.changes().size());
    }

    @Test
    void messagesOlderThanTheHistorySizeChangeOnlyWhereTheyAreKept() {
        Broker broker = broker(Map.of("PARLEY_HISTORY_SIZE", "5"));
        String epoch = publish(broker, 8);
        if (!keepsOlderMessages()) {
            assertNull(broker.message(LOBBY, 2));
            assertThrows(NoSuchMessageException.class, () -> broker.change(new MessageChange.Delete(LOBBY, 2)));
            return;
        }
        assertEquals("m2", broker.message(LOBBY, 2).text());
        broker.change(new MessageChange.Edit(LOBBY, 2, "ada-sub", "old, edited"));
        broker.change(new MessageChange.React(LOBBY, 2, "bob-sub", BOB, THUMBS));
        broker.change(new MessageChange.Edit(LOBBY, 7, "ada-sub", "recent, edited"));
        ChatMessage old = broker.message(LOBBY, 2);
        assertEquals("old, edited", old.text());
        assertEquals(List.of("bob-sub"), old.reactions().asMap().get(THUMBS));
        History recovered = broker.history(LOBBY, new HistoryQuery.After(8, epoch, 0));
        assertEquals(List.of(2L, 7L), seqs(recovered.changes()));
        assertEquals("old, edited", broker.history(LOBBY, new HistoryQuery.Before(3, 1)).messages().get(0).text());
    }

    private static Post post(RoomId room, UserName user, String text, String clientId) {
        return new Post(room, user, text, clientId, null, user.equals(ADA) ? "ada-sub" : "bob-sub");
    }

    /** Publishes messages 1..count by ada into the lobby; answers the epoch. */
    private static String publish(Broker broker, int count) {
        String epoch = null;
        for (int i = 1; i <= count; i++) {
            epoch = broker.publish(post(LOBBY, ADA, "m" + i, null)).epoch();
        }
        return epoch;
    }

    private void skipPublished(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            brokers.next(RoomEvent.Published.class);
        }
    }

    private <T extends RoomEvent> T next(Class<T> type) throws InterruptedException {
        return brokers.next(type);
    }

    private static List<Long> seqs(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::seq).toList();
    }
}
