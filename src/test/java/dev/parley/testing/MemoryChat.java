package dev.parley.testing;

import dev.parley.application.ChatMetrics;
import dev.parley.application.ChatService;
import dev.parley.broker.memory.MemoryBroker;
import dev.parley.config.ParleyConfig;
import dev.parley.domain.RandomId;
import java.time.Clock;
import java.util.function.LongSupplier;

/** A chat service on the memory broker, as the runtime builds it, for tests outside the application package. */
public final class MemoryChat {

    private MemoryChat() {
    }

    public static ChatService start(ParleyConfig config, Clock clock, LongSupplier nanoTime, ChatMetrics metrics) {
        return new ChatService(config, new MemoryBroker(config, clock, nanoTime, RandomId::next), metrics, nanoTime);
    }

    public static ChatService start(ParleyConfig config, ChatMetrics metrics) {
        return start(config, Clock.systemUTC(), System::nanoTime, metrics);
    }
}
