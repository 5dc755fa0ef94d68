package io.sluice.ingest.support;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.IngestApplication;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A real ingest-service for one test class: {@link IngestApplication} with its default
 * properties, HTTP and gRPC on free ports ({@code server.port=0}, {@code spring.grpc.server.port=0};
 * the gRPC port is read from Spring gRPC's {@link GrpcServerStartedEvent}), Redis keys under a
 * unique prefix. Reads the buffer stream back for assertions and deletes its keys on close.
 */
public final class RunningIngest implements AutoCloseable {

    /** The Redis every test uses. */
    public static final String REDIS_URL = "redis://127.0.0.1:6379";

    private final ConfigurableApplicationContext context;
    private final String prefix;
    private final int grpcPort;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, byte[]> redis;
    private ManagedChannel channel;

    private RunningIngest(ConfigurableApplicationContext context, String prefix, int grpcPort) {
        this.context = context;
        this.prefix = prefix;
        this.grpcPort = grpcPort;
        this.redisClient = RedisClient.create(REDIS_URL);
        this.redis = redisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    /** Starts ingest against the test Redis with {@code overrides} on top of the test defaults. */
    public static RunningIngest start(Map<String, Object> overrides) {
        String prefix = "test:" + UUID.randomUUID() + ":";
        Map<String, Object> properties = new HashMap<>(IngestApplication.defaultProperties());
        properties.put("server.port", 0);
        properties.put("spring.grpc.server.port", 0);
        properties.put("spring.grpc.server.shutdown-grace-period", "1s");
        properties.put("sluice.redis.url", REDIS_URL);
        properties.put("sluice.redis.key-prefix", prefix);
        properties.putAll(overrides);
        AtomicInteger grpcPort = new AtomicInteger();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestApplication.class)
                .properties(properties)
                .listeners((ApplicationListener<GrpcServerStartedEvent>) event -> grpcPort.set(event.getPort()))
                .run();
        return new RunningIngest(context, prefix, grpcPort.get());
    }

    /** The application context. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** The HTTP port. */
    public int httpPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The gRPC port. */
    public int grpcPort() {
        return grpcPort;
    }

    /** A client bound to the running HTTP server. */
    public WebTestClient http() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + httpPort())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A plaintext channel to the running gRPC server (closed with this object). */
    public synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        }
        return channel;
    }

    /** Every batch in the buffer stream, oldest first, decoded. */
    public List<LogBatch> storedBatches() {
        RedisCommands<String, byte[]> commands = redis.sync();
        List<StreamMessage<String, byte[]>> entries = commands.xrange(prefix + "buffer", Range.create("-", "+"));
        return entries.stream().map(entry -> parse(entry.getBody().get("b"))).toList();
    }

    /** Every event in the buffer stream, oldest first. */
    public List<LogEvent> storedEvents() {
        return storedBatches().stream().flatMap(batch -> batch.getEventsList().stream()).toList();
    }

    /** Synchronous Redis commands on the test Redis (string keys, binary values). */
    public RedisCommands<String, byte[]> redis() {
        return redis.sync();
    }

    /** The key prefix of this instance. */
    public String prefix() {
        return prefix;
    }

    /** Deletes every key under this instance's prefix. */
    public void clearKeys() {
        RedisCommands<String, byte[]> commands = redis.sync();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            if (!page.getKeys().isEmpty()) {
                commands.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            context.close();
            clearKeys();
        } finally {
            redis.close();
            redisClient.shutdown();
        }
    }

    private static LogBatch parse(byte[] bytes) {
        try {
            return LogBatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("a stream entry is not a LogBatch", e);
        }
    }
}
