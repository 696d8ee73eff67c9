package dev.parley.broker.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts beside this class, run by their SHA-1 with {@code EVALSHA}; a Redis that does not know a script (it
 * restarted, or its script cache was flushed) gets the script's text once with {@code EVAL}.
 */
final class RedisScripts {

    /** One script: its text and its SHA-1. */
    record Script(String name, String text, String sha) {
    }

    static final Script PUBLISH = load("publish.lua");
    static final Script JOIN = load("join.lua");
    static final Script LEAVE = load("leave.lua");
    static final Script READ = load("read.lua");
    static final Script RENEW = load("renew.lua");
    static final Script REMOVE = load("remove.lua");
    static final Script SEED = load("seed.lua");
    static final Script UNARCHIVED = load("unarchived.lua");
    static final Script ADVANCE = load("advance.lua");
    static final Script CLAIM = load("claim.lua");
    static final Script CHANGE = load("change.lua");
    static final Script MARKER = load("marker.lua");

    private RedisScripts() {
    }

    static CompletionStage<List<Object>> run(RedisAsyncCommands<String, String> redis, Script script, String[] keys,
                                             String... args) {
        return redis.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .handle((result, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(result);
                    }
                    if (cause(failure) instanceof RedisNoScriptException) {
                        return redis.<List<Object>>eval(script.text(), ScriptOutputType.MULTI, keys, args)
                                .toCompletableFuture();
                    }
                    return CompletableFuture.<List<Object>>failedFuture(failure);
                })
                .thenCompose(stage -> stage);
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private static Script load(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("script " + name + " is missing from the build");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Script(name, text, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-1", e);
        }
    }
}
