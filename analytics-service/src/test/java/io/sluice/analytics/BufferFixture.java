package io.sluice.analytics;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
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

    /** Shard {@code shard} of {@code tenant}'s buffer stream, {@code {p}buffer:{<tenant>.<shard>}}. */
    String stream(String tenant, int shard) {
        return prefix + "buffer:{" + tenant + "." + shard + "}";
    }

    /**
     * Registers shard 0 of the first event's tenant and XADDs one batch there, as ingest does;
     * returns the entry's unique id ({@code <tenant>.0/<entry id>}), which analytics reports as
     * the findings batch id.
     */
    String append(LogBatch batch) {
        return append(batch.getEvents(0).getTenant(), 0, batch);
    }

    /** Like {@link #append(LogBatch)} into shard {@code shard} of {@code tenant}. */
    String append(String tenant, int shard, LogBatch batch) {
        String stream = stream(tenant, shard);
        strings.sync().sadd(prefix + "buffer:streams", stream);
        return tenant + "." + shard + "/" + binary.sync().xadd(stream, Map.of("b", batch.toByteArray()));
    }

    /** Every registered buffer stream. */
    java.util.Set<String> streams() {
        return strings.sync().smembers(prefix + "buffer:streams");
    }

    /** Reads back the entry named by a unique id from {@link #append}. */
    StreamMessage<String, byte[]> read(String uniqueId) {
        int slash = uniqueId.indexOf('/');
        String name = uniqueId.substring(0, slash);
        String id = uniqueId.substring(slash + 1);
        return binary.sync().xrange(prefix + "buffer:{" + name + "}", Range.create(id, id)).get(0);
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
