package io.sluice.analytics;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Instant;
import java.util.Map;

/**
 * Test access to the real Redis under one key prefix: appends batches to the buffer stream as
 * ingest does (field {@code b} = LogBatch protobuf), reads what analytics wrote, and deletes every
 * key of the prefix at the end.
 */
final class BufferFixture implements AutoCloseable {

    static final String URL = "redis://127.0.0.1:6379";

    final String prefix;
    private final RedisClient client = RedisClient.create(URL);
    private final StatefulRedisConnection<String, byte[]> binary = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    private final StatefulRedisConnection<String, String> strings = client.connect();

    BufferFixture(String prefix) {
        this.prefix = prefix;
    }

    /** XADDs one batch; returns the entry id. */
    String append(LogBatch batch) {
        return binary.sync().xadd(prefix + "buffer", Map.of("b", batch.toByteArray()));
    }

    RedisCommands<String, String> redis() {
        return strings.sync();
    }

    static LogEvent event(String tenant, Instant at, String level, String service, String message) {
        return LogEvent.newBuilder().setTenant(tenant).setTimestampUnixNanos(at.toEpochMilli() * 1_000_000L)
                .setLevel(level).setService(service).setHost("host-1").setMessage(message)
                .setId(Long.toHexString(at.toEpochMilli()) + Long.toHexString(System.nanoTime())).build();
    }

    @Override
    public void close() {
        ScanIterator<String> keys = ScanIterator.scan(strings.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        while (keys.hasNext()) {
            strings.sync().del(keys.next());
        }
        binary.close();
        strings.close();
        client.shutdown();
    }
}
