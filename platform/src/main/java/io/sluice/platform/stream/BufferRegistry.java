package io.sluice.platform.stream;

import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The set of buffer streams, {@code {p}buffer:streams}: writers register a stream before their
 * first append to it, consumers list it to discover tenants' shards. A registration is remembered
 * in this process for {@link #REMEMBER} so a hot write path does not repeat the SADD, yet a
 * registry lost with a Redis restart is rebuilt within that time. Streams are never unregistered
 * (there are tenants × shards of them). Thread-safe and non-blocking.
 */
public class BufferRegistry {

    /** How long a registration is trusted before the next append repeats it. */
    static final Duration REMEMBER = Duration.ofSeconds(10);

    private final SluiceRedis redis;
    private final Map<String, Long> registeredAt = new ConcurrentHashMap<>();

    /** The registry in {@code redis}. */
    public BufferRegistry(SluiceRedis redis) {
        this.redis = redis;
    }

    /** Adds {@code stream} to the registry unless this process did so recently; completes when Redis confirmed it. */
    public Mono<Void> register(String stream) {
        Long at = registeredAt.get(stream);
        long now = System.nanoTime();
        if (at != null && now - at < REMEMBER.toNanos()) {
            return Mono.empty();
        }
        return redis.strings().sadd(redis.keys().bufferRegistry(), stream)
                .doOnSuccess(n -> registeredAt.put(stream, now))
                .then();
    }

    /** Every registered stream, sorted. */
    public Mono<List<String>> streams() {
        return redis.strings().smembers(redis.keys().bufferRegistry()).sort().collectList();
    }
}
