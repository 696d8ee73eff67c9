package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parley.testing.FuzzFrames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever text a client sends, {@link FrameDecoder#decode} returns a frame or throws a {@link FrameException} with a
 * code and a message: never another exception, never a StackOverflowError. jqwik prints the seed of a failing run;
 * rerun it with {@code @Property(seed = "...")}.
 */
class FrameDecoderProperties {

    private final FrameDecoder decoder = new FrameDecoder();

    /** No generic edge cases: the generators hold their own, and combining jqwik's costs more than the 10,000 tries. */
    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void anyGeneratedFrameDecodesOrIsRejected(@ForAll("anyFrame") String text) {
        ClientFrame frame = decodesOrRejects(text);
        Statistics.collect(frame == null ? "rejected" : "decoded");
        // The generators must reach past the JSON parser into the field checks, and sometimes through them.
        Statistics.coverage(coverage -> coverage.check("decoded").percentage(p -> p > 0.5));
    }

    @Property(tries = 2_000)
    void anyStringDecodesOrIsRejected(@ForAll String text) {
        decodesOrRejects(text);
    }

    @Property(tries = 200)
    void deepNestingIsRejectedWithoutOverflowingTheStack(@ForAll("deeplyNested") String text) {
        decodesOrRejects(text);
    }

    @Property(tries = 1_000)
    void aValidJoinDecodesToItsRoom(@ForAll("roomNames") String room) {
        ClientFrame frame = decodesOrRejects("{\"type\":\"join\",\"room\":" + FuzzFrames.quote(room) + "}");
        assertEquals(room, ((ClientFrame.Join) frame).room().value());
    }

    @Provide
    Arbitrary<String> anyFrame() {
        return FuzzFrames.any();
    }

    @Provide
    Arbitrary<String> deeplyNested() {
        return FuzzFrames.deeplyNested();
    }

    @Provide
    Arbitrary<String> roomNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("_.-")
                .ofMinLength(1).ofMaxLength(64);
    }

    /** The frame, or null when rejected properly; any other outcome fails the property. */
    private ClientFrame decodesOrRejects(String text) {
        try {
            ClientFrame frame = decoder.decode(text);
            assertNotNull(frame);
            return frame;
        } catch (FrameException rejected) {
            assertNotNull(rejected.code());
            assertFalse(rejected.getMessage().isBlank());
            return null;
        }
    }
}
