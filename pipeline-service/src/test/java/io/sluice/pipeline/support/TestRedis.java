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
import java.nio.charset.StandardCharsets;
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

    /** Shard 0 of {@code tenant}'s buffer, where the helpers below append unless told otherwise. */
    public String stream(String tenant) {
        return keys.bufferStream(tenant, 0);
    }

    /** Registers {@code stream} in the buffer registry, as ingest does before appending. */
    public void register(String stream) {
        sync().sadd(keys.bufferRegistry(), stream.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one batch to shard 0 of the first event's tenant, as ingest does; returns the entry id. */
    public String addBatch(List<LogEvent> events) {
        return addBatch(stream(events.get(0).getTenant()), events);
    }

    /** Appends one batch to {@code stream} (registering it); returns the entry id. */
    public String addBatch(String stream, List<LogEvent> events) {
        register(stream);
        LogBatch batch = LogBatch.newBuilder().addAllEvents(events).build();
        return sync().xadd(stream, Map.of("b", batch.toByteArray()));
    }

    /**
     * Appends several batches to shard 0 of the first event's tenant in one MULTI/EXEC, so a blocked
     * reader receives them in one read; returns the entry ids.
     */
    public List<String> addBatchesAtomically(List<List<LogEvent>> batches) {
        String stream = stream(batches.get(0).get(0).getTenant());
        register(stream);
        sync().multi();
        for (List<LogEvent> events : batches) {
            sync().xadd(stream, Map.of("b", LogBatch.newBuilder().addAllEvents(events).build().toByteArray()));
        }
        List<String> ids = new ArrayList<>();
        for (Object id : sync().exec()) {
            ids.add(String.valueOf(id));
        }
        return ids;
    }

    /** Appends a raw entry to shard 0 of tenant {@code raw}. */
    public String addRaw(Map<String, byte[]> body) {
        String stream = stream("raw");
        register(stream);
        return sync().xadd(stream, body);
    }

    /** Every registered buffer stream. */
    public List<String> streams() {
        return sync().smembers(keys.bufferRegistry()).stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
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

    /** Pending entries of {@code group} over every registered stream (a stream without the group counts 0). */
    public long pending(String group) {
        long total = 0;
        for (String stream : streams()) {
            try {
                total += sync().xpending(stream, group).getCount();
            } catch (RuntimeException e) {
                // the group does not exist on this stream (yet)
            }
        }
        return total;
    }

    /** Whether {@code group} exists on {@code stream}. */
    public boolean hasGroup(String stream, String group) {
        try {
            sync().xpending(stream, group);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Decoded events of a hot stream, oldest first. */
    public List<LogEvent> hotEvents(String tenant) {
        return sync().xrange(keys.key("hot:" + tenant), io.lettuce.core.Range.create("-", "+")).stream()
                .flatMap(m -> {
                    try {
                        return io.sluice.logstore.hot.HotEntryCodec.decode(m.getBody()).stream();
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** How many entries a hot stream holds. */
    public long hotEntries(String tenant) {
        return sync().xlen(keys.key("hot:" + tenant));
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
