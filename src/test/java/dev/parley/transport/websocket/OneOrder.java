package dev.parley.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What concurrent senders owe every member of a room: its messages numbered 1, 2, 3... without a gap, and the same texts
 * in the same order at every member. One instance per room; hand it each member's messages in arrival order.
 */
final class OneOrder {

    private List<String> reference;

    /** Checks one member's messages against the order and against the members seen before; returns their texts. */
    List<String> see(List<JsonObject> messages) {
        List<String> texts = new ArrayList<>();
        for (int seq = 1; seq <= messages.size(); seq++) {
            assertEquals(seq, messages.get(seq - 1).getInt("seq"), "gap or reordering");
            texts.add(messages.get(seq - 1).getString("text"));
        }
        if (reference == null) {
            reference = texts;
        } else {
            assertEquals(reference, texts, "every member sees the same order");
        }
        return texts;
    }
}
