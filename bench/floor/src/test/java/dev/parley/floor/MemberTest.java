package dev.parley.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemberTest {

    /** A session whose async remote records every text and keeps the completions for the test to run. */
    private static final class Remote {
        final List<String> sent = new ArrayList<>();
        final Deque<SendHandler> pending = new ArrayDeque<>();
        int mostInFlight;
        /** Complete every send but the first inside sendText, as a container may. */
        boolean completeInCall;

        Session session() {
            RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        sent.add((String) args[0]);
                        SendHandler handler = (SendHandler) args[1];
                        if (completeInCall && sent.size() > 1) {
                            handler.onResult(new SendResult());
                        } else {
                            pending.add(handler);
                            mostInFlight = Math.max(mostInFlight, pending.size());
                        }
                        return null;
                    });
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> async;
                        case "getId" -> "s1";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void oneSendIsInFlightAndTheNextStartsWhenItCompletesInOrder() {
        Remote remote = new Remote();
        Member member = new Member(remote.session());
        IntStream.range(0, 5).forEach(i -> member.send("f" + i));
        assertEquals(List.of("f0"), remote.sent);
        while (!remote.pending.isEmpty()) {
            remote.pending.poll().onResult(new SendResult());
        }
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), remote.sent);
        assertEquals(1, remote.mostInFlight);
        member.send("f5"); // idle again: sent at once
        assertEquals("f5", remote.sent.get(5));
    }

    @Test
    void sendsThatCompleteInsideSendTextGoOnWithoutRecursing() {
        Remote remote = new Remote();
        remote.completeInCall = true;
        Member member = new Member(remote.session());
        int frames = 50_000;
        IntStream.range(0, frames).forEach(i -> member.send("f" + i)); // all queued behind the first, held
        remote.pending.poll().onResult(new SendResult()); // a recursing member overflows the stack here
        assertEquals(frames, remote.sent.size());
        assertEquals("f" + (frames - 1), remote.sent.get(frames - 1));
    }
}
