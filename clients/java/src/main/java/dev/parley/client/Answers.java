package dev.parley.client;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A room's {@code history} pages or its {@code search}es awaiting their answers: the server answers a connection's
 * requests of one type in order, so each answer or error settles the oldest. On the client's thread.
 */
final class Answers {

    private final ArrayDeque<CompletableFuture<List<ChatMessage>>> waiting = new ArrayDeque<>();

    void add(CompletableFuture<List<ChatMessage>> answer) {
        waiting.add(answer);
    }

    void complete(List<ChatMessage> messages) {
        CompletableFuture<List<ChatMessage>> oldest = waiting.poll();
        if (oldest != null) {
            oldest.complete(messages);
        }
    }

    void fail(ParleyException error) {
        CompletableFuture<List<ChatMessage>> oldest = waiting.poll();
        if (oldest != null) {
            oldest.completeExceptionally(error);
        }
    }

    /** No answer will come (the connection ended, the room was left): every one waiting fails with {@code why}. */
    void failAll(ParleyException why) {
        waiting.forEach(answer -> answer.completeExceptionally(why));
        waiting.clear();
    }
}
