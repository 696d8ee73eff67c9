package dev.parley.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message's reactions: each emoji with the subjects that reacted with it, emoji in the order of their first
 * reaction, subjects in the order they reacted. An emoji nobody reacts with any more is gone. Immutable.
 */
public final class Reactions {

    /** The most distinct emoji one message carries. */
    public static final int MAX_EMOJI = 20;

    public static final Reactions NONE = new Reactions(Map.of());

    private final Map<String, List<String>> bySubject;

    private Reactions(Map<String, List<String>> reactions) {
        this.bySubject = reactions;
    }

    /** Reactions from a map in order (emoji to subjects); empty lists are dropped. */
    public static Reactions of(Map<String, List<String>> reactions) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        reactions.forEach((emoji, subjects) -> {
            if (!subjects.isEmpty()) {
                copy.put(Objects.requireNonNull(emoji, "emoji"), List.copyOf(subjects));
            }
        });
        return copy.isEmpty() ? NONE : new Reactions(Collections.unmodifiableMap(copy));
    }

    /** Emoji to subjects, in order. */
    public Map<String, List<String>> asMap() {
        return bySubject;
    }

    public boolean isEmpty() {
        return bySubject.isEmpty();
    }

    /** Whether the subject reacted with the emoji. */
    public boolean has(String emoji, String subject) {
        return bySubject.getOrDefault(emoji, List.of()).contains(subject);
    }

    /**
     * The subject's reaction with the emoji taken away if it had it, else added (after the others).
     *
     * @throws IllegalStateException when adding would make more than {@link #MAX_EMOJI} distinct emoji
     */
    public Reactions toggle(String emoji, String subject) {
        Map<String, List<String>> next = new LinkedHashMap<>(bySubject);
        List<String> subjects = new ArrayList<>(next.getOrDefault(emoji, List.of()));
        if (!subjects.remove(subject)) {
            if (subjects.isEmpty() && !next.containsKey(emoji) && next.size() >= MAX_EMOJI) {
                throw new IllegalStateException("at most " + MAX_EMOJI + " distinct emoji per message");
            }
            subjects.add(subject);
        }
        next.put(emoji, subjects);
        return of(next);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reactions that && bySubject.equals(that.bySubject);
    }

    @Override
    public int hashCode() {
        return bySubject.hashCode();
    }

    @Override
    public String toString() {
        return bySubject.toString();
    }
}
