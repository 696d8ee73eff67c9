package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RequestsTest {

    private final List<String> sent = new ArrayList<>();
    private final List<ClientEvent> events = new ArrayList<>();
    private boolean connected = true;
    private final Requests requests = new Requests(frame -> connected && sent.add(frame), events::add);

    @Test
    void aRequestWaitsUntilTheClientIsReadyAndSettlesWithItsAnswer() throws Exception {
        Requests.Request direct = Requests.direct("bob");
        requests.add(direct, false);
        assertEquals(List.of(), sent, "not signed in yet");
        requests.ready();
        assertEquals(List.of("{\"type\":\"direct\",\"user\":\"bob\"}"), sent);

        requests.answered(Frames.object("{\"type\":\"direct\",\"user\":\"bob\",\"room\":\"dm.1\"}"));
        assertEquals(new ClientEvent.Direct("bob", "dm.1"), direct.answer.get());
        assertEquals(List.of(new ClientEvent.Direct("bob", "dm.1")), events, "the listeners hear of it too");
    }

    @Test
    void aModeratedAnswerSettlesTheRequestOfItsActionRoomAndUserOnly() throws Exception {
        Requests.Request kick = Requests.moderation("kick", "staff", "eve");
        Requests.Request ban = Requests.moderation("ban", "staff", "eve");
        requests.add(kick, true);
        requests.add(ban, true);
        requests.answered(Frames.object("{\"type\":\"moderated\",\"action\":\"ban\",\"room\":\"staff\",\"user\":\"eve\"}"));
        assertEquals(new ClientEvent.Moderated("ban", "staff", "eve"), ban.answer.get());
        assertFalse(kick.answer.isDone());
        requests.answered(Frames.object("{\"type\":\"moderated\",\"action\":\"kick\",\"room\":\"other\",\"user\":\"eve\"}"));
        assertFalse(kick.answer.isDone(), "another room's kick");
    }

    @Test
    void anErrorWhoseRefIsTheTypeFailsTheOldestSentRequestOfThatType() {
        Requests.Request first = Requests.moderation("kick", "staff", "eve");
        Requests.Request second = Requests.moderation("kick", "staff", "mallory");
        requests.add(first, true);
        requests.add(second, true);
        assertTrue(requests.refused(Frames.object("{\"type\":\"error\",\"code\":\"forbidden\",\"ref\":\"kick\"}")));
        assertEquals("forbidden kick", failure(first.answer));
        assertFalse(second.answer.isDone());
        assertFalse(requests.refused(Frames.object("{\"type\":\"error\",\"code\":\"bad_request\",\"ref\":\"join\"}")),
                "not a request of these");
    }

    @Test
    void aRequestSentOnAConnectionThatEndsFailsAndOneNotSentYetWaitsForTheNext() {
        Requests.Request before = Requests.role("staff", "eve", "moderator");
        requests.add(before, true);
        connected = false;
        Requests.Request during = Requests.role("staff", "eve", null);
        requests.add(during, true);
        requests.down();
        assertEquals("disconnected role", failure(before.answer), "it may have been carried out: not sent again");
        assertFalse(during.answer.isDone());
        connected = true;
        requests.ready();
        assertEquals("{\"type\":\"role\",\"room\":\"staff\",\"user\":\"eve\",\"role\":null}", sent.get(1));

        requests.close(new ParleyException("closed", "the client was closed", null));
        assertEquals("closed null", failure(during.answer));
    }

    @Test
    void badArgumentsAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Requests.direct(""));
        assertThrows(IllegalArgumentException.class, () -> Requests.direct("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> Requests.direct("x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> Requests.moderation("ban", "no room!", "eve"));
        assertThrows(IllegalArgumentException.class, () -> Requests.role("staff", "eve", "owner"));
    }

    private static String failure(CompletableFuture<ClientEvent> answer) {
        ExecutionException e = assertThrows(ExecutionException.class, answer::get);
        ParleyException error = (ParleyException) e.getCause();
        return error.code() + " " + error.ref();
    }
}
