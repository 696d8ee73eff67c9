package dev.parley.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.domain.RoomId;
import org.junit.jupiter.api.Test;

/** A member key and the field it is in a node's member hash: one round trip, and what is not a key. */
class MemberKeyTest {

    @Test
    void aKeyIsItsRoomASpaceAndItsConnection() {
        MemberKey key = new MemberKey(new RoomId("lobby"), "c-1 with space");
        assertEquals("lobby c-1 with space", key.field());
        assertEquals(key, MemberKey.parse(key.field()), "only the first space ends the room");
    }

    @Test
    void aFieldWithoutASpaceOrWithABadRoomIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MemberKey.parse("lobby"));
        assertThrows(IllegalArgumentException.class, () -> MemberKey.parse(" c1"));
        assertThrows(IllegalArgumentException.class, () -> MemberKey.parse("lob{by} c1"));
    }
}
