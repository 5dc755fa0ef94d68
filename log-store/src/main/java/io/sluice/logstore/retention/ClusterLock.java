package io.sluice.logstore.retention;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A cluster-wide lock in Redis: {@code SET key token NX PX ttl}; released only by its owner (a
 * Lua compare-and-delete on the token), and expiring by itself if the owner dies. Used so that
 * one process at a time runs a maintenance job.
 */
public final class ClusterLock {

    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisReactiveCommands<String, String> redis;
    private final String key;
    private final Duration ttl;

    /** A lock on {@code key} held at most {@code ttl}. */
    public ClusterLock(RedisReactiveCommands<String, String> redis, String key, Duration ttl) {
        this.redis = redis;
        this.key = key;
        this.ttl = ttl;
    }

    /**
     * Runs {@code work} while holding the lock; emits {@code false} without running it when another
     * process holds the lock, {@code true} after it ran. The lock is released whatever the outcome.
     */
    public Mono<Boolean> runExclusively(Supplier<Mono<?>> work) {
        String token = UUID.randomUUID().toString();
        return redis.set(key, token, SetArgs.Builder.nx().px(ttl.toMillis()))
                .map("OK"::equals)
                .defaultIfEmpty(false)
                .flatMap(acquired -> !acquired ? Mono.just(false)
                        : Mono.usingWhen(Mono.just(token), t -> work.get().then(Mono.just(true)), this::release));
    }

    private Mono<Long> release(String token) {
        return redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, token).next();
    }
}
