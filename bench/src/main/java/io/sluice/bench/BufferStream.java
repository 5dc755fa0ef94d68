package io.sluice.bench;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.common.proto.ingest.v1.LogBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads back what ingest acknowledged: counts the events in the sharded buffer streams
 * {@code {prefix}buffer:{<tenant>.<shard>}} (each entry's field {@code b} is one {@code LogBatch}), and deletes
 * every key of the prefix afterwards.
 */
final class BufferStream implements AutoCloseable {

    private static final byte[] BATCH_FIELD = "b".getBytes(StandardCharsets.UTF_8);
    private static final int PAGE = 200;

    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;

    BufferStream(String redisUrl, String prefix) {
        this.prefix = prefix;
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.redis = connection.sync();
    }

    /** Stream entries (one per shard part of an acknowledged Push) now, over every buffer stream. */
    long entries() {
        long entries = 0;
        for (byte[] stream : streams()) {
            entries += redis.xlen(stream);
        }
        return entries;
    }

    /** Events in all entries of every buffer stream now. */
    long events() {
        long events = 0;
        for (byte[] stream : streams()) {
            Range.Boundary<String> from = Range.Boundary.unbounded();
            while (true) {
                List<StreamMessage<byte[], byte[]>> page = redis.xrange(stream, Range.from(from, Range.Boundary.unbounded()), Limit.create(0, PAGE));
                for (StreamMessage<byte[], byte[]> message : page) {
                    events += eventsIn(message.getBody());
                }
                if (page.size() < PAGE) {
                    break;
                }
                from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
            }
        }
        return events;
    }

    /**
     * The buffer streams ({@code {prefix}buffer:{<tenant>.<shard>}}), found by SCAN: the registry
     * is deleted with everything else between phases while ingest still remembers registering.
     */
    private List<byte[]> streams() {
        List<byte[]> streams = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<byte[]> keys = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "buffer:{*").limit(1000));
            streams.addAll(keys.getKeys());
            cursor = keys;
        } while (!cursor.isFinished());
        return streams;
    }

    /** Deletes every key under the prefix. */
    void deleteAll() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<byte[]> keys = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            if (!keys.getKeys().isEmpty()) {
                redis.unlink(keys.getKeys().toArray(byte[][]::new));
            }
            cursor = keys;
        } while (!cursor.isFinished());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private byte[] key(String suffix) {
        return (prefix + suffix).getBytes(StandardCharsets.UTF_8);
    }

    private static int eventsIn(Map<byte[], byte[]> body) {
        for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
            if (Arrays.equals(field.getKey(), BATCH_FIELD)) {
                try {
                    return LogBatch.parseFrom(field.getValue()).getEventsCount();
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException("a buffer entry is not a LogBatch", e);
                }
            }
        }
        throw new IllegalStateException("a buffer entry has no field b");
    }
}
