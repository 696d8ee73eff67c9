package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.broker.Broker;
import dev.parley.broker.BrokerHandler;
import dev.parley.broker.RoomEvent;
import dev.parley.domain.Removal;
import dev.parley.domain.Role;
import dev.parley.domain.RoomAccess;
import dev.parley.domain.RoomId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A removal whose event never reached this node (a Redis pub/sub message lost while a subscription reconnected) still
 * takes effect: a join reads the room's rules and takes out the connections they no longer admit, and so does a
 * re-check for every user (what a node does when its subscription is confirmed again).
 */
class ChatServiceRecheckTest {

    private static final RoomId STAFF = new RoomId("staff");

    /** While set, the broker's removal events are lost on their way to this node. */
    private final AtomicBoolean losing = new AtomicBoolean();
    private final AtomicReference<BrokerHandler> node = new AtomicReference<>();
    private final ChatFixture fixture = ChatFixture.over(this::lossy);

    private Broker lossy(Broker broker) {
        return (Broker) Proxy.newProxyInstance(Broker.class.getClassLoader(), new Class<?>[] {Broker.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("register")) {
                        BrokerHandler handler = (BrokerHandler) args[0];
                        node.set(handler);
                        args = new Object[] {(BrokerHandler) event -> {
                            if (!(losing.get() && event instanceof RoomEvent.Removed)) {
                                handler.handle(event);
                            }
                        }};
                    }
                    try {
                        return method.invoke(broker, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aJoinTakesOutTheConnectionsWhoseRemovalWasLost() {
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        fixture.chat.access().setMember(STAFF, "ada", Role.MEMBER);
        fixture.chat.access().setMember(STAFF, "bob", Role.MEMBER);
        fixture.chat.access().setMember(STAFF, "eve", Role.MEMBER);
        FakeClient ada = fixture.joined("staff", "ada");
        FakeClient eve = fixture.joined("staff", "eve");
        ada.clear();

        losing.set(true);
        fixture.chat.access().setMember(STAFF, "eve", null);
        fixture.chat.access().setBanned(STAFF, "ada", true);
        losing.set(false);
        eve.expectNothing(); // the removals were lost: eve and ada are still in the room here

        FakeClient bob = fixture.joined("staff", "bob");

        assertEquals("revoked", eve.next("left").getString("reason"));
        assertEquals("banned", ada.next("left").getString("reason"));
        bob.expectNothing(); // taken out before bob's snapshot: its joined has bob alone
        assertEquals(1, fixture.chat.rooms().stream().filter(r -> r.room().equals(STAFF)).findFirst().orElseThrow()
                .members());
    }

    @Test
    void aRecheckForEveryUserTakesOutWhomTheRulesNoLongerAdmit() {
        FakeClient eve = fixture.joined("staff", "eve");
        FakeClient ada = fixture.joined("staff", "ada");
        fixture.chat.access().setMember(STAFF, "ada", Role.MEMBER);
        losing.set(true);
        fixture.chat.access().setAccess(STAFF, RoomAccess.PRIVATE);
        losing.set(false);
        ada.clear();
        eve.clear();

        node.get().handle(new RoomEvent.Removed(STAFF, null, Removal.REVOKED));

        assertEquals("revoked", eve.next("left").getString("reason"));
        assertEquals("leave", ada.next("presence").getString("event"));
        ada.expectNothing();
    }
}
