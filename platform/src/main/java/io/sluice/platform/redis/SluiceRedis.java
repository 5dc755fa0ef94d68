package io.sluice.platform.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Access to Sluice's Redis: one shared, multiplexed connection per codec for ordinary commands,
 * and fresh dedicated connections for blocking reads (XREADGROUP BLOCK must not stall the shared
 * connection). Closes every connection it opened when the application stops.
 */
public class SluiceRedis implements AutoCloseable {

    private final RedisClient client;
    private final RedisKeys keys;
    private final StatefulRedisConnection<String, String> strings;
    private final StatefulRedisConnection<String, byte[]> binary;
    private final List<StatefulRedisConnection<?, ?>> dedicated = new ArrayList<>();

    /** Connects lazily-multiplexed connections on {@code client}. */
    public SluiceRedis(RedisClient client, RedisKeys keys) {
        this.client = client;
        this.keys = keys;
        this.strings = client.connect(StringCodec.UTF8);
        this.binary = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    /** Reactive commands with string keys and values on the shared connection. */
    public RedisReactiveCommands<String, String> strings() {
        return strings.reactive();
    }

    /** Reactive commands with string keys and binary values on the shared connection. */
    public RedisReactiveCommands<String, byte[]> binary() {
        return binary.reactive();
    }

    /** A new connection for blocking commands; closed with this object. */
    public synchronized StatefulRedisConnection<String, byte[]> dedicatedBinary() {
        StatefulRedisConnection<String, byte[]> c = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        dedicated.add(c);
        return c;
    }

    /** Key names. */
    public RedisKeys keys() {
        return keys;
    }

    @Override
    public synchronized void close() {
        dedicated.forEach(StatefulRedisConnection::close);
        strings.close();
        binary.close();
    }
}
