package io.sluice.system;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.sluice.ingest.IngestApplication;
import io.sluice.pipeline.PipelineApplication;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest and pipeline as separate Spring applications in the test JVM, against the real Redis and
 * MariaDB (a key prefix and a database of their own), where ingest can be stopped and started again
 * on the same gRPC port: what an agent sees when its ingest goes away and comes back. Ingest's
 * idempotency keys live in Redis, so a restarted ingest still recognises a batch it already stored.
 */
final class AgentTestCluster implements AutoCloseable {

    final String keyPrefix = "st-agent:" + UUID.randomUUID() + ":";
    final String database = "sta_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    final int ingestGrpcPort = Cluster.freePort();
    /** The one API key this cluster's ingest accepts (its bootstrap key); the agent sends it. */
    final String apiKey = "agent-it-" + java.util.UUID.randomUUID();

    private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-restart"));
    private final Map<String, Object> ingestProperties = new HashMap<>();
    private final List<ConfigurableApplicationContext> alongside = new ArrayList<>();
    private ConfigurableApplicationContext pipeline;
    private ConfigurableApplicationContext ingest;

    /** Extra properties for every start of ingest (call before {@link #start}). */
    AgentTestCluster withIngestProperties(Map<String, Object> properties) {
        ingestProperties.putAll(properties);
        return this;
    }

    /** Runs one more application on this cluster's Redis and database (closed with the cluster). */
    ConfigurableApplicationContext runAlongside(Class<?> application, Map<String, Object> extra) {
        ConfigurableApplicationContext context = run(application, extra);
        alongside.add(context);
        return context;
    }

    /** The running ingest's application context. */
    synchronized ConfigurableApplicationContext ingestContext() {
        return ingest;
    }

    /** Starts pipeline (which creates the archive schema) and, with {@code withIngest}, ingest. */
    AgentTestCluster start(boolean withIngest) {
        // One pipeline consumer: taking over its own slow-but-alive entries would only repeat work.
        pipeline = run(PipelineApplication.class, Map.of("sluice.pipeline.claim-min-idle", "10m"));
        if (withIngest) {
            startIngest();
        }
        return this;
    }

    /** The agent's endpoint setting for this cluster's ingest. */
    String endpoint() {
        return "127.0.0.1:" + ingestGrpcPort;
    }

    /** The running ingest's HTTP base URL. */
    synchronized String ingestHttpUrl() {
        return "http://127.0.0.1:" + Cluster.httpPort(ingest);
    }

    /**
     * Starts ingest on {@link #ingestGrpcPort}. Retried for a while: the port of an ingest that
     * was just stopped may take a moment to be free again.
     */
    synchronized void startIngest() {
        if (ingest != null) {
            throw new IllegalStateException("ingest is already running");
        }
        await("ingest listening on " + endpoint()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    Map<String, Object> props = new HashMap<>(ingestProperties);
                    props.putIfAbsent("sluice.tenancy.bootstrap-api-key", apiKey);
                    props.put("spring.grpc.server.enabled", true);
                    props.put("spring.grpc.server.port", ingestGrpcPort);
                    ingest = run(IngestApplication.class, props);
                    return true;
                });
    }

    /** Stops ingest (its gRPC port stops listening); {@link #startIngest} brings it back. */
    synchronized void stopIngest() {
        if (ingest != null) {
            ingest.close();
            ingest = null;
        }
    }

    /**
     * Stops ingest now and starts it again on the same port after {@code duration}, on a thread of
     * its own; the returned future completes, once ingest is back, with how long it was away.
     */
    CompletableFuture<Duration> outage(Duration duration) {
        stopIngest();
        Instant stopped = Instant.now();
        return CompletableFuture.supplyAsync(() -> {
            Duration away = Duration.between(stopped, Instant.now());
            startIngest();
            return away;
        }, CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS, restarts));
    }

    private ConfigurableApplicationContext run(Class<?> application, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", 0);
        props.put("sluice.redis.url", "redis://127.0.0.1:6379");
        props.put("sluice.redis.key-prefix", keyPrefix);
        props.put("sluice.mysql.url", "mysql://root@127.0.0.1:3306/" + database);
        props.put("spring.grpc.server.enabled", false);
        props.put("sluice.ingest.syslog.tcp.port", 0);
        props.put("sluice.ingest.syslog.udp.port", 0);
        props.put("sluice.ingest.json-tcp.port", 0);
        props.putAll(extra);
        return new SpringApplicationBuilder(application).properties(props).run();
    }

    /** The first column of the first row of {@code query} on the archive database. */
    long sql(String query) {
        List<Long> rows = longs(query);
        return rows.isEmpty() || rows.get(0) == null ? 0 : rows.get(0);
    }

    /** The first column of every row of {@code query} on the archive database. */
    List<Long> longs(String query) {
        try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + database, "root", "");
                var rs = c.createStatement().executeQuery(ArchiveSnapshot.prepare(c, query))) {
            List<Long> rows = new ArrayList<>();
            while (rs.next()) {
                long value = rs.getLong(1);
                rows.add(rs.wasNull() ? null : value);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    /** How many entries ingest has appended to the buffer streams so far (all shards of all tenants). */
    long bufferAppends() {
        try (var client = RedisClient.create("redis://127.0.0.1:6379"); var conn = client.connect()) {
            long appended = 0;
            for (String stream : conn.sync().smembers(keyPrefix + "buffer:streams")) {
                if (conn.sync().exists(stream) == 1) {
                    appended += Long.parseLong(field(conn.sync().xinfoStream(stream), "entries-added"));
                }
            }
            return appended;
        }
    }

    /**
     * The batch idempotency keys ingest has stored so far (its markers
     * {@code <prefix>ingest:idem:{<tenant>.<shard>}:<key>}, one per shard part), as the agent sent them.
     */
    Set<String> storedIdempotencyKeys() {
        try (var client = RedisClient.create("redis://127.0.0.1:6379"); var conn = client.connect()) {
            Set<String> keys = new HashSet<>();
            ScanIterator.scan(conn.sync(), ScanArgs.Builder.matches(keyPrefix + "ingest:idem:*").limit(1000))
                    .stream().forEach(marker -> keys.add(marker.substring(marker.indexOf("}:") + 2)));
            return keys;
        }
    }

    /**
     * Whether the pipeline has read every entry ingest appended to every buffer stream and
     * acknowledged each (so archived); an acknowledged push is then in the archive.
     */
    boolean pipelineCaughtUp() {
        try (var client = RedisClient.create("redis://127.0.0.1:6379"); var conn = client.connect()) {
            var redis = conn.sync();
            for (String stream : redis.smembers(keyPrefix + "buffer:streams")) {
                if (redis.exists(stream) == 0) {
                    continue;
                }
                String lastAppended = field(redis.xinfoStream(stream), "last-generated-id");
                String lastDelivered = null;
                for (Object group : redis.xinfoGroups(stream)) {
                    List<?> g = (List<?>) group;
                    if ("pipeline".equals(field(g, "name"))) {
                        lastDelivered = field(g, "last-delivered-id");
                    }
                }
                if (!lastAppended.equals(lastDelivered) || redis.xpending(stream, "pipeline").getCount() != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String field(List<?> flat, String name) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(String.valueOf(flat.get(i)))) {
                return String.valueOf(flat.get(i + 1));
            }
        }
        return null;
    }

    @Override
    public void close() {
        restarts.shutdownNow();
        stopIngest();
        alongside.forEach(ConfigurableApplicationContext::close);
        if (pipeline != null) {
            pipeline.close();
        }
        try (var client = RedisClient.create("redis://127.0.0.1:6379"); var conn = client.connect()) {
            ScanIterator.scan(conn.sync(), ScanArgs.Builder.matches(keyPrefix + "*").limit(500))
                    .stream().forEach(key -> conn.sync().del(key));
        }
        try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (SQLException ignored) {
            // the database is unique to this run; leaving it behind harms nothing
        }
    }
}
