package io.sluice.ingest.buffer;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Marks an idempotency key and appends the batch in one Lua script, so the key is set if and only
 * if the stream entry is written: a resend after a lost acknowledgement finds the key and stores
 * nothing. Runs by EVALSHA and loads the script on NOSCRIPT (after a Redis restart or flush).
 */
final class IdempotentAppend {

    static final String SCRIPT = """
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              redis.call('XADD', KEYS[2], '*', 'b', ARGV[2])
              return 1
            end
            return 0
            """;

    private final RedisReactiveCommands<String, byte[]> commands;
    private final String script;
    private final String sha;

    IdempotentAppend(RedisReactiveCommands<String, byte[]> commands) {
        this(commands, SCRIPT);
    }

    /** With {@code script} as the Lua text (a variant of {@link #SCRIPT}, e.g. with a comment). */
    IdempotentAppend(RedisReactiveCommands<String, byte[]> commands, String script) {
        this.commands = commands;
        this.script = script;
        this.sha = commands.digest(script);
    }

    /** Emits true when the batch was appended, false when {@code idemKey} was already stored. */
    Mono<Boolean> append(String idemKey, String stream, Duration ttl, byte[] batch) {
        String[] keys = {idemKey, stream};
        byte[] seconds = Long.toString(Math.max(1, ttl.toSeconds())).getBytes(StandardCharsets.US_ASCII);
        return commands.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, seconds, batch)
                .onErrorResume(RedisNoScriptException.class,
                        e -> commands.eval(script, ScriptOutputType.INTEGER, keys, seconds, batch))
                .next()
                .map(stored -> stored == 1L);
    }
}
