package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.parley.protocol.TextAssembly.Step;
import org.junit.jupiter.api.Test;

class TextAssemblyTest {

    private static final String EURO = "\u20ac"; // three bytes in UTF-8
    private static final String CLEF = "\ud834\udd1e"; // a surrogate pair, four bytes

    private final TextAssembly assembly = new TextAssembly(10);

    @Test
    void aMessageInOnePartIsPassedOnAsItIs() {
        String part = "{\"a\":1}";
        assertEquals(Step.COMPLETE, assembly.add(part, true));
        assertSame(part, assembly.message());
    }

    @Test
    void partsAreJoinedInOrder() {
        assertEquals(Step.INCOMPLETE, assembly.add("ab", false));
        assertEquals(Step.INCOMPLETE, assembly.add("", false)); // counts one byte
        assertEquals(Step.COMPLETE, assembly.add("cd", true));
        assertEquals("abcd", assembly.message());
        assertEquals(Step.COMPLETE, assembly.add("e", true));
        assertEquals("e", assembly.message(), "the next message starts afresh");
    }

    @Test
    void exactlyTheLimitFitsInOneOrSeveralParts() {
        assertEquals(Step.COMPLETE, assembly.add("0123456789", true));
        assertEquals(Step.INCOMPLETE, assembly.add("01234", false));
        assertEquals(Step.COMPLETE, assembly.add("56789", true));
        assertEquals("0123456789", assembly.message());
    }

    @Test
    void oneByteOverIsRefusedInOneOrSeveralParts() {
        assertEquals(Step.TOO_BIG, assembly.add("0123456789x", true));
        assertEquals(Step.INCOMPLETE, assembly.add("012345", false));
        assertEquals(Step.TOO_BIG, assembly.add("67890", false));
    }

    @Test
    void sizeIsCountedInUtf8BytesAcrossParts() {
        // 3 + 3 + 4 = 10 bytes in 4 chars, the pair split between two parts
        assertEquals(Step.INCOMPLETE, assembly.add(EURO + EURO + CLEF.charAt(0), false));
        assertEquals(Step.COMPLETE, assembly.add(String.valueOf(CLEF.charAt(1)), true));
        assertEquals(EURO + EURO + CLEF, assembly.message());

        assertEquals(Step.INCOMPLETE, assembly.add(EURO + EURO + EURO, false));
        assertEquals(Step.TOO_BIG, assembly.add("xy", true), "9 + 2 bytes in 5 chars");
    }

    @Test
    void endlessEmptyPartsAreRefusedToo() {
        for (int i = 0; i < 10; i++) {
            assertEquals(Step.INCOMPLETE, assembly.add("", false));
        }
        assertEquals(Step.TOO_BIG, assembly.add("", false));
    }

    @Test
    void theRestOfARefusedMessageIsDroppedThenTheNextOneCounts() {
        assertEquals(Step.TOO_BIG, assembly.add("0123456789ab", false));
        for (int i = 0; i < 1000; i++) {
            assertEquals(Step.INCOMPLETE, assembly.add("more and more", false));
        }
        assertEquals(Step.INCOMPLETE, assembly.add("end", true));
        assertEquals(Step.COMPLETE, assembly.add("next", true));
        assertEquals("next", assembly.message());
    }

    @Test
    void anEndlessMessageIsRefusedOnceItPassesTheLimitNotWhenItEnds() {
        TextAssembly big = new TextAssembly(65_536);
        String chunk = "x".repeat(16_384);
        int parts = 0;
        Step step;
        do {
            step = big.add(chunk, false);
            parts++;
        } while (step == Step.INCOMPLETE && parts < 1_000);
        assertEquals(Step.TOO_BIG, step);
        assertEquals(5, parts, "the fifth 16 KiB part passes 64 KiB");
    }
}
