package dev.parley.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of client frames for fuzzing, from plausible to hostile: Parley frames with mutated fields and values of
 * the wrong type, JSON-ish token soup, deep nesting, huge numbers, control characters, lone surrogates, BOM and NUL.
 * Shared by the decoder's properties and the live endpoint fuzz test.
 */
public final class FuzzFrames {

    private static final List<String> TYPES =
            List.of("join", "leave", "message", "typing", "history", "ping", "", "JOIN", "pong", "join ");
    private static final List<String> FIELDS =
            List.of("type", "room", "name", "text", "id", "since", "before", "limit", "user", "");
    private static final Map<String, List<String>> FIELDS_OF = Map.of(
            "join", List.of("room", "name", "since"), "leave", List.of("room"), "message", List.of("room", "text", "id"),
            "typing", List.of("room"), "history", List.of("room", "before", "limit"), "ping", List.of());

    private FuzzFrames() {
    }

    /** Any generated frame, of any kind below but the deeply nested (see {@link #deeplyNested()}). */
    public static Arbitrary<String> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, mutated()),
                Tuple.of(4, frames()),
                Tuple.of(1, tokenSoup()),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(200)));
    }

    /**
     * Objects that look like Parley frames: a type (mostly a known one), its fields (each mostly present, mostly with a
     * plausible value, else any JSON value), and sometimes fields of other frames.
     */
    public static Arbitrary<String> frames() {
        return Arbitraries.of(TYPES).flatMap(type -> {
            List<Arbitrary<String>> fields = new ArrayList<>();
            fields.add(Arbitraries.just(quote("type") + ":" + quote(type)));
            for (String name : FIELDS_OF.getOrDefault(type, List.of("room"))) {
                fields.add(field(name).injectNull(0.1));
            }
            fields.add(Arbitraries.of(FIELDS).flatMap(FuzzFrames::field).injectNull(0.8));
            return Combinators.combine(fields).as(present -> present.stream().filter(Objects::nonNull)
                    .collect(Collectors.joining(",", "{", "}")));
        });
    }

    private static Arbitrary<String> field(String name) {
        return Arbitraries.frequencyOf(Tuple.of(4, plausible(name)), Tuple.of(1, value()))
                .map(value -> quote(name) + ":" + value);
    }

    /** Values a well-meaning client would send in the field, valid or nearly. */
    private static Arbitrary<String> plausible(String name) {
        return switch (name) {
            case "room" -> Arbitraries.of("lobby", "r", "a.b-c_d", "x".repeat(64), "x".repeat(65), "a b")
                    .map(FuzzFrames::quote);
            case "name" -> Arbitraries.of("ada", "Zo\u00eb", "\u65e5\u672c", " ", "x".repeat(33), "a\nb")
                    .map(FuzzFrames::quote);
            case "text", "id" -> strings().map(FuzzFrames::quote);
            case "since", "before" -> Arbitraries.longs().between(-1, 1000).map(String::valueOf);
            case "limit" -> Arbitraries.integers().between(0, 201).map(String::valueOf);
            default -> value();
        };
    }

    /** A frame with a character inserted, dropped or replaced, or cut short. */
    public static Arbitrary<String> mutated() {
        return Combinators.combine(frames(), Arbitraries.integers().between(0, 3),
                        Arbitraries.doubles().between(0, 1), edgeChars())
                .as((frame, how, where, c) -> {
                    int at = (int) (where * frame.length());
                    return switch (how) {
                        case 0 -> frame.substring(0, at) + c + frame.substring(at);
                        case 1 -> at < frame.length() ? frame.substring(0, at) + frame.substring(at + 1) : frame;
                        case 2 -> at < frame.length() ? frame.substring(0, at) + c + frame.substring(at + 1) : frame;
                        default -> frame.substring(0, at);
                    };
                });
    }

    /** JSON tokens in any order: mostly not JSON, sometimes by accident. */
    public static Arbitrary<String> tokenSoup() {
        return Arbitraries.oneOf(Arbitraries.of("{", "}", "[", "]", ":", ",", " ", "\"", "\\", "\"type\"", "\"join\"",
                                "\"room\"", "null", "true", "1", "-", "e", "\\u", "\\ud800"), scalar())
                .list().ofMaxSize(30)
                .map(tokens -> String.join("", tokens));
    }

    /** Arrays or objects nested up to 20,000 deep, whole or cut off, alone or as a field's value. */
    public static Arbitrary<String> deeplyNested() {
        return Combinators.combine(Arbitraries.integers().between(1, 20_000),
                        Arbitraries.of("[", "{\"a\":"), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((depth, open, closed, asField) -> {
                    String close = open.equals("[") ? "]" : "}";
                    String nested = open.repeat(depth) + "1" + (closed ? close.repeat(depth) : "");
                    return asField ? "{\"type\":\"join\",\"room\":" + nested + "}" : nested;
                });
    }

    /** Any JSON value as text, a few levels deep. */
    public static Arbitrary<String> value() {
        return Arbitraries.recursive(FuzzFrames::scalar, FuzzFrames::container, 0, 3);
    }

    private static Arbitrary<String> container(Arbitrary<String> inner) {
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.of(FIELDS), inner).as((k, v) -> quote(k) + ":" + v)
                .list().ofMaxSize(4).map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.oneOf(array, object);
    }

    private static Arbitrary<String> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "1", "-1", "1.0", "1e2", "1E+2", "1e400", "-1e400",
                        "1e-400", "123456789012345678901234567890", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775809", "201", "1e9999999999", "-1e-9999999999", "1E2147483648", "NaN", "Infinity", "01", "1.", ".5", "+1", "0x10"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                strings().map(FuzzFrames::quote),
                strings().map(s -> "\"" + s + "\""));
    }

    /** Strings rich in what breaks parsers and validators. */
    private static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.of("lobby", "ada", "a b", "\u00e9", "\ud83d\ude00", "x".repeat(65), "x".repeat(5000)),
                Arbitraries.strings().ofMaxLength(40),
                edgeChars().list().ofMaxSize(20).map(chars -> String.join("", chars)));
    }

    /** Single characters that tend to matter: controls, NUL, BOM, lone surrogates, separators, quotes. */
    private static Arbitrary<String> edgeChars() {
        return Arbitraries.oneOf(
                Arbitraries.of("\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\ufeff", "\ufffe", "\uffff",
                        "\ud800", "\udfff", "\ud83d", "\u2028", "\u2029", "\u200b", "\u202e", "\"", "\\", "\n", "\t",
                        "{", "}", "[", "]", ":", ","),
                Arbitraries.chars().map(String::valueOf));
    }

    /** A JSON string literal, escaping what JSON requires and, as \\uXXXX, everything outside printable ASCII. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
