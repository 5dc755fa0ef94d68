package io.sluice.pipeline.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The test's own view of the real Redis on 127.0.0.1:6379 under a unique key prefix: writes buffer
 * entries the way ingest does and inspects streams; {@link #close()} deletes every key it used.
 */
public final class TestRedis implements AutoCloseable {

    public static final String URL = "redis://127.0.0.1:6379";

    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private final RedisClient client = RedisClient.create(URL);
    private final StatefulRedisConnection<String, byte[]> connection =
            client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    private final RedisKeys keys = new RedisKeys(prefix);

    public String prefix() {
        return prefix;
    }

    public RedisKeys keys() {
        return keys;
    }

    /** Synchronous commands (string keys, binary values). */
    public RedisCommands<String, byte[]> sync() {
        return connection.sync();
    }

    /** Appends one batch to the buffer, as ingest does; returns the entry id. */
    public String addBatch(List<LogEvent> events) {
        LogBatch batch = LogBatch.newBuilder().addAllEvents(events).build();
        return sync().xadd(keys.bufferStream(), Map.of("b", batch.toByteArray()));
    }

    /** Appends several batches in one MULTI/EXEC, so a blocked reader receives them in one read; returns the entry ids. */
    public List<String> addBatchesAtomically(List<List<LogEvent>> batches) {
        sync().multi();
        for (List<LogEvent> events : batches) {
            sync().xadd(keys.bufferStream(), Map.of("b", LogBatch.newBuilder().addAllEvents(events).build().toByteArray()));
        }
        List<String> ids = new ArrayList<>();
        for (Object id : sync().exec()) {
            ids.add(String.valueOf(id));
        }
        return ids;
    }

    /** Appends a raw entry to the buffer. */
    public String addRaw(Map<String, byte[]> body) {
        return sync().xadd(keys.bufferStream(), body);
    }

    /** {@code count} events of {@code tenant} with fresh ids, service {@code svc}, plain messages. */
    public static List<LogEvent> events(String tenant, int count, long baseNanos) {
        List<LogEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(LogEvent.newBuilder()
                    .setId(EventIds.next()).setTenant(tenant).setTimestampUnixNanos(baseNanos + i)
                    .setService("svc").setHost("host-1").setLevel("INFO").setMessage("line " + i)
                    .build());
        }
        return out;
    }

    /** Pending entries of {@code group} (0 when the group does not exist). */
    public long pending(String group) {
        try {
            return sync().xpending(keys.bufferStream(), group).getCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Decoded events of a hot stream. */
    public List<LogEvent> hotEvents(String tenant) {
        return sync().xrange(keys.key("hot:" + tenant), io.lettuce.core.Range.create("-", "+")).stream()
                .map(m -> {
                    try {
                        return LogEvent.parseFrom(m.getBody().get("e"));
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @Override
    public void close() {
        ScanIterator<String> it = ScanIterator.scan(sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        List<String> found = new ArrayList<>();
        it.forEachRemaining(found::add);
        if (!found.isEmpty()) {
            sync().del(found.toArray(String[]::new));
        }
        connection.close();
        client.shutdown();
    }
}
