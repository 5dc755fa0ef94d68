package io.sluice.platform.tenant;

import io.lettuce.core.RedisClient;
import io.sluice.platform.redis.ChannelSubscription;
import io.sluice.platform.redis.SluiceRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Keeps every process's {@link ApiKeyLookup} cache true when a key changes: a change is published
 * on the Redis channel {@code {prefix}tenancy:invalidate} (message: the key's hex SHA-256, or
 * {@code *} for everything) and each process, subscribed to it, drops that entry at once. After
 * the subscription connection is (re)established the whole cache is dropped, since messages sent
 * while it was down are lost. When Redis is unreachable a change still takes effect everywhere
 * within the cache TTL.
 */
public class KeyInvalidations extends ChannelSubscription {

    /** Message that invalidates every cached key. */
    public static final String ALL = "*";

    private static final Logger log = LoggerFactory.getLogger(KeyInvalidations.class);

    private final SluiceRedis redis;
    private final ApiKeyLookup lookup;

    /** Subscribes with {@code client}, publishes with {@code redis}, invalidates {@code lookup}. */
    public KeyInvalidations(RedisClient client, SluiceRedis redis, ApiKeyLookup lookup) {
        super(client, redis.keys().key("tenancy:invalidate"));
        this.redis = redis;
        this.lookup = lookup;
    }

    /**
     * Drops the key whose SHA-256 is {@code hashHex} here and tells every other process to; a
     * publish failure is logged (the cache TTL still bounds how long the key is trusted elsewhere).
     */
    public Mono<Void> changed(String hashHex) {
        return Mono.fromRunnable(() -> lookup.invalidate(hashHex))
                .then(Mono.defer(() -> redis.strings().publish(channel(), hashHex)))
                .doOnError(e -> log.warn("could not publish a key change on {}: {}", channel(), e.toString()))
                .onErrorComplete()
                .then();
    }

    @Override
    protected void received(String message) {
        if (ALL.equals(message)) {
            lookup.invalidateAll();
        } else {
            lookup.invalidate(message);
        }
    }

    @Override
    protected void catchUp() {
        lookup.invalidateAll();
    }
}
