package io.sluice.platform.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access to Sluice's Redis: one shared, multiplexed connection per codec for ordinary commands,
 * and fresh dedicated connections for blocking reads (XREADGROUP BLOCK must not stall the shared
 * connection). The shared connections are opened at start-up when Redis is reachable; when it is
 * not, the service still starts and they are opened on first use (once connected, Lettuce
 * reconnects by itself). Closes every connection it opened when the application stops.
 */
public class SluiceRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SluiceRedis.class);
    private static final RedisCodec<String, byte[]> BINARY = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final RedisKeys keys;
    private volatile StatefulRedisConnection<String, String> strings;
    private volatile StatefulRedisConnection<String, byte[]> binary;
    private final List<StatefulRedisConnection<?, ?>> dedicated = new ArrayList<>();

    /** Opens the shared connections on {@code client} if Redis is reachable now. */
    public SluiceRedis(RedisClient client, RedisKeys keys) {
        this.client = client;
        this.keys = keys;
        try {
            strings();
            binary();
        } catch (RedisException e) {
            log.warn("Redis is not reachable yet ({}); connecting on first use", e.getMessage());
        }
    }

    /** Reactive commands with string keys and values on the shared connection. */
    public RedisReactiveCommands<String, String> strings() {
        StatefulRedisConnection<String, String> c = strings;
        if (c == null) {
            synchronized (this) {
                if (strings == null) {
                    strings = client.connect(StringCodec.UTF8);
                }
                c = strings;
            }
        }
        return c.reactive();
    }

    /** Reactive commands with string keys and binary values on the shared connection. */
    public RedisReactiveCommands<String, byte[]> binary() {
        StatefulRedisConnection<String, byte[]> c = binary;
        if (c == null) {
            synchronized (this) {
                if (binary == null) {
                    binary = client.connect(BINARY);
                }
                c = binary;
            }
        }
        return c.reactive();
    }

    /** A new connection for blocking commands; closed with this object. */
    public synchronized StatefulRedisConnection<String, byte[]> dedicatedBinary() {
        StatefulRedisConnection<String, byte[]> c = client.connect(BINARY);
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
        dedicated.clear();
        if (strings != null) {
            strings.close();
        }
        if (binary != null) {
            binary.close();
        }
    }
}
