package io.sluice.platform.stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.sync.RedisCommands;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The real Redis on 127.0.0.1:6379 under a unique key prefix, with the registry; {@link #close()} deletes every key. */
final class TestStreams implements AutoCloseable {

    static final String URL = "redis://127.0.0.1:6379";

    final String prefix = "test:" + UUID.randomUUID() + ":";
    final RedisClient client = RedisClient.create(URL);
    final SluiceRedis redis = new SluiceRedis(client, new RedisKeys(prefix));
    final BufferRegistry registry = new BufferRegistry(redis);
    final DeadLetters deadLetters = new DeadLetters(redis);

    /** The stream of shard {@code shard} of {@code tenant}. */
    String stream(String tenant, int shard) {
        return redis.keys().bufferStream(tenant, shard);
    }

    RedisCommands<String, byte[]> sync() {
        return redis.binary().getStatefulConnection().sync();
    }

    /** Registers {@code stream} and appends one entry with field {@code b} = {@code payload}; returns its id. */
    String add(String stream, String payload) {
        registry.register(stream).block(Duration.ofSeconds(5));
        return sync().xadd(stream, Map.of("b", payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** Appends {@code n} entries in one pipeline-free MULTI; returns their ids. */
    List<String> addMany(String stream, String payloadPrefix, int n) {
        registry.register(stream).block(Duration.ofSeconds(5));
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(sync().xadd(stream, Map.of("b", (payloadPrefix + i).getBytes(StandardCharsets.UTF_8))));
        }
        return ids;
    }

    long pending(String stream, String group) {
        try {
            return sync().xpending(stream, group).getCount();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        ScanIterator<String> it = ScanIterator.scan(sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        List<String> found = new ArrayList<>();
        it.forEachRemaining(found::add);
        if (!found.isEmpty()) {
            sync().del(found.toArray(String[]::new));
        }
        redis.close();
        client.shutdown();
    }
}
