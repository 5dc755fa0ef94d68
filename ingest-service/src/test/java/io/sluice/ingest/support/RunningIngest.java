package io.sluice.ingest.support;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
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
import io.sluice.ingest.auth.ApiKeys;
import io.sluice.platform.mysql.MysqlUrl;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.TenantAdmin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
 * unique prefix, tenants and keys in a MySQL database of its own ({@code sluice_t_<random>}, dropped
 * on close) with a random bootstrap key for tenant {@code default}, which {@link #http()} and
 * {@link #channel()} send. Reads the buffer stream back for assertions and deletes its keys on close.
 */
public final class RunningIngest implements AutoCloseable {

    /** The Redis every test uses. */
    public static final String REDIS_URL = "redis://127.0.0.1:6379";

    /** The tenant of {@link #apiKey()}. */
    public static final String TENANT = "default";

    private final ConfigurableApplicationContext context;
    private final MysqlUrl database;
    private final String apiKey;
    private final String prefix;
    private final int grpcPort;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, byte[]> redis;
    private ManagedChannel channel;

    private RunningIngest(ConfigurableApplicationContext context, MysqlUrl database, String apiKey, String prefix, int grpcPort) {
        this.context = context;
        this.database = database;
        this.apiKey = apiKey;
        this.prefix = prefix;
        this.grpcPort = grpcPort;
        this.redisClient = RedisClient.create(REDIS_URL);
        this.redis = redisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    /**
     * Starts ingest against the test Redis with {@code overrides} on top of the test defaults; two
     * instances given the same {@code sluice.redis.key-prefix} and {@code sluice.mysql.url} share
     * their buffer and tenants.
     */
    public static RunningIngest start(Map<String, Object> overrides) {
        String prefix = "test:" + UUID.randomUUID() + ":";
        MysqlUrl database = MysqlUrl.parse("mysql://root@127.0.0.1:3306/sluice_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        String apiKey = ApiKeyFormat.generate();
        Map<String, Object> properties = new HashMap<>(IngestApplication.defaultProperties());
        properties.put("server.port", 0);
        properties.put("spring.grpc.server.port", 0);
        properties.put("spring.grpc.server.shutdown-grace-period", "1s");
        properties.put("sluice.redis.url", REDIS_URL);
        properties.put("sluice.redis.key-prefix", prefix);
        properties.put("sluice.mysql.url", "mysql://root@127.0.0.1:3306/" + database.database());
        properties.put("sluice.tenancy.bootstrap-api-key", apiKey);
        properties.put("sluice.tenancy.bootstrap-tenant", TENANT);
        // Test data carries fixed timestamps (many from 2025): tests of the ingest window set their own.
        properties.put("sluice.ingest.limits.max-age", "36500d");
        properties.put("sluice.ingest.syslog.tcp.port", 0);
        properties.put("sluice.ingest.syslog.udp.port", 0);
        properties.put("sluice.ingest.json-tcp.port", 0);
        properties.putAll(overrides);
        AtomicInteger grpcPort = new AtomicInteger();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestApplication.class)
                .properties(properties)
                .listeners((ApplicationListener<GrpcServerStartedEvent>) event -> grpcPort.set(event.getPort()))
                .run();
        return new RunningIngest(context, MysqlUrl.parse(String.valueOf(properties.get("sluice.mysql.url"))),
                String.valueOf(properties.get("sluice.tenancy.bootstrap-api-key")), String.valueOf(properties.get("sluice.redis.key-prefix")),
                grpcPort.get());
    }

    /** The bootstrap key, valid for tenant {@link #TENANT}. */
    public String apiKey() {
        return apiKey;
    }

    /** A new tenant with one key; answers the key. */
    public String newTenantKey(String tenant) {
        TenantAdmin admin = context.getBean(TenantAdmin.class);
        return admin.createTenant(tenant, null).then(admin.createKey(tenant, "test")).block(Duration.ofSeconds(10)).key();
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

    /** A client bound to the running HTTP server, sending {@link #apiKey()} as a Bearer token. */
    public WebTestClient http() {
        return httpWithoutKey().mutate().defaultHeader("Authorization", "Bearer " + apiKey).build();
    }

    /** A client bound to the running HTTP server, sending no API key. */
    public WebTestClient httpWithoutKey() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + httpPort())
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** The channel to the running gRPC server, sending {@link #apiKey()} in the metadata of every call. */
    public Channel channel() {
        return channelWithKey(apiKey);
    }

    /** The channel to the running gRPC server, sending {@code key} (none when null). */
    public Channel channelWithKey(String key) {
        Metadata metadata = new Metadata();
        if (key != null) {
            metadata.put(ApiKeys.GRPC_AUTHORIZATION, "Bearer " + key);
        }
        return ClientInterceptors.intercept(rawChannel(), MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    /** A plaintext channel to the running gRPC server without credentials (closed with this object). */
    public synchronized ManagedChannel rawChannel() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        }
        return channel;
    }

    /**
     * Every batch in the buffer, decoded: every buffer stream, in stream-name order, each oldest
     * first.
     */
    public List<LogBatch> storedBatches() {
        RedisCommands<String, byte[]> commands = redis.sync();
        List<LogBatch> batches = new ArrayList<>();
        for (String stream : bufferStreams()) {
            List<StreamMessage<String, byte[]>> entries = commands.xrange(stream, Range.create("-", "+"));
            entries.forEach(entry -> batches.add(parse(entry.getBody().get("b"))));
        }
        return batches;
    }

    /**
     * The buffer streams ({@code {p}buffer:{<tenant>.<shard>}}), sorted. Found by SCAN rather than
     * from the registry: tests clear keys between cases while ingest still remembers its
     * registrations.
     */
    public List<String> bufferStreams() {
        RedisCommands<String, byte[]> commands = redis.sync();
        List<String> streams = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(prefix + "buffer:{*").limit(500));
            streams.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return streams.stream().sorted().toList();
    }

    /** Every event in the buffer, per stream oldest first. */
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
            dropDatabase();
        } finally {
            redis.close();
            redisClient.shutdown();
        }
    }

    private void dropDatabase() {
        try (Connection c = DriverManager.getConnection(database.jdbcServerUrl(), database.user(), database.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database.database() + "`");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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
